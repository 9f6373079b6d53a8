using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Model;

internal enum McpPrimitiveKind
{
    None,
    Tool,
    Prompt,
    Resource,
}

/// <summary>
/// MCP primitives (tools, prompts, resources) and which of their parameters are untrusted tool input,
/// exactly as the rule catalogue defines it.
/// </summary>
internal sealed class McpPrimitives
{
    private readonly McpSymbols _symbols;
    private readonly ImmutableHashSet<string> _trustedTypeNames;

    public McpPrimitives(McpSymbols symbols, ImmutableHashSet<string> trustedTypeNames)
    {
        _symbols = symbols;
        _trustedTypeNames = trustedTypeNames;
    }

    /// <summary>The primitive a method is marked as by attribute, whether or not its type has <c>[McpServerToolType]</c>.</summary>
    public McpPrimitiveKind GetKind(IMethodSymbol? method)
    {
        if (method is null)
        {
            return McpPrimitiveKind.None;
        }

        foreach (var attribute in method.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (_symbols.IsType(type, _symbols.ToolAttribute))
            {
                return McpPrimitiveKind.Tool;
            }

            if (_symbols.IsType(type, _symbols.PromptAttribute))
            {
                return McpPrimitiveKind.Prompt;
            }

            if (_symbols.IsType(type, _symbols.ResourceAttribute))
            {
                return McpPrimitiveKind.Resource;
            }
        }

        return McpPrimitiveKind.None;
    }

    /// <summary>
    /// The primitive a delegate becomes when it is passed to <c>McpServerTool.Create</c>,
    /// <c>McpServerPrompt.Create</c> or <c>McpServerResource.Create</c>.
    /// </summary>
    public McpPrimitiveKind GetCreateKind(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name != "Create" || !method.IsStatic)
        {
            return McpPrimitiveKind.None;
        }

        var type = method.ContainingType;
        if (_symbols.IsType(type, _symbols.McpServerTool))
        {
            return McpPrimitiveKind.Tool;
        }

        if (_symbols.IsType(type, _symbols.McpServerPrompt))
        {
            return McpPrimitiveKind.Prompt;
        }

        return _symbols.IsType(type, _symbols.McpServerResource) ? McpPrimitiveKind.Resource : McpPrimitiveKind.None;
    }

    /// <summary>The method behind a delegate argument of a <c>Create</c> call (lambda, local function or method group).</summary>
    public static IMethodSymbol? DelegateTarget(IOperation argument)
    {
        var value = OperationExtensions.Unwrap(argument);
        if (value is IDelegateCreationOperation creation)
        {
            value = creation.Target;
        }

        return value switch
        {
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            IMethodReferenceOperation reference => reference.Method,
            _ => null,
        };
    }

    /// <summary>True when the SDK binds this parameter of a primitive from the client's JSON arguments or URI template.</summary>
    public bool IsUntrustedParameter(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor })
        {
            return false; // tool classes are constructed by DI
        }

        foreach (var attribute in parameter.GetAttributes())
        {
            if (_symbols.IsType(attribute.AttributeClass, _symbols.FromKeyedServicesAttribute)
                || _symbols.IsType(attribute.AttributeClass, _symbols.FromServicesAttribute))
            {
                return false;
            }
        }

        return !IsTrustedType(parameter.Type);
    }

    /// <summary>Types the SDK fills from the request or from DI rather than from the caller's arguments.</summary>
    public bool IsTrustedType(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Error)
        {
            return false;
        }

        if (_symbols.IsType(type, _symbols.CancellationToken)
            || _symbols.IsType(type, _symbols.ServiceProvider)
            || _symbols.IsType(type, _symbols.LegacyIMcpServer)
            || McpSymbols.InheritsFromOrEquals(type, _symbols.McpServer)
            || _symbols.IsType(type, _symbols.RequestContext)
            || _symbols.IsType(type, _symbols.Progress)
            || McpSymbols.InheritsFromOrEquals(type, _symbols.ClaimsPrincipal)
            || McpSymbols.InheritsFromOrEquals(type, _symbols.HttpClient)
            || McpSymbols.InheritsFromOrEquals(type, _symbols.HttpContext)
            || McpSymbols.InheritsFromOrEquals(type, _symbols.DbContext))
        {
            return true;
        }

        var name = type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty);
        if (_trustedTypeNames.Contains(name))
        {
            return true;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (ns.StartsWith("Microsoft.Extensions.", System.StringComparison.Ordinal)
            && !ns.StartsWith("Microsoft.Extensions.AI", System.StringComparison.Ordinal))
        {
            return true; // ILogger<T>, IConfiguration, IOptions<T>, IHostEnvironment...
        }

        if (ns.StartsWith("Microsoft.AspNetCore.", System.StringComparison.Ordinal)
            || ns.StartsWith("Microsoft.EntityFrameworkCore", System.StringComparison.Ordinal))
        {
            return true;
        }

        // A user-defined interface is a DI service (IUserRepository); collection interfaces are JSON-bound.
        return type.TypeKind == TypeKind.Interface && !IsSystemNamespace(ns);
    }

    private static bool IsSystemNamespace(string ns) => ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal);

    /// <summary>
    /// True for <c>RequestContext&lt;T&gt;.Params.Arguments</c> (the raw arguments of a call) and values of type
    /// <c>AIFunctionArguments</c>: untrusted input outside a primitive's parameter list.
    /// </summary>
    public bool IsUntrustedArgumentsAccess(IOperation operation)
    {
        if (operation is IPropertyReferenceOperation { Property.Name: "Arguments" } property
            && property.Property.ContainingType?.ContainingNamespace?.ToDisplayString() == "ModelContextProtocol.Protocol")
        {
            return true;
        }

        return operation.Type is { } type && McpSymbols.InheritsFromOrEquals(type, _symbols.AIFunctionArguments);
    }
}
