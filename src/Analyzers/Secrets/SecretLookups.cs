using System.Threading;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Secrets;

/// <summary>
/// Where a secret-looking literal stands, for MCPSEC020: the fallback of a configuration or environment lookup (then
/// the literal is the secret wherever the setting is unset), or text of a message (an exception's, the console's, a
/// log's), which documents a setting rather than using one. Symbols resolved once per compilation.
/// </summary>
internal sealed class SecretLookups
{
    private readonly McpSymbols _symbols;
    private readonly INamedTypeSymbol? _configurationBinder;
    private readonly INamedTypeSymbol? _exception;
    private readonly INamedTypeSymbol? _textWriter;

    public SecretLookups(Compilation compilation, McpSymbols symbols)
    {
        _symbols = symbols;
        _configurationBinder = McpSymbols.ResolveType(compilation, "Microsoft.Extensions.Configuration.ConfigurationBinder");
        _exception = McpSymbols.ResolveType(compilation, "System.Exception");
        _textWriter = McpSymbols.ResolveType(compilation, "System.IO.TextWriter");
    }

    /// <summary>
    /// The key of the lookup the literal is the fallback of: <c>Environment.GetEnvironmentVariable("KEY") ?? "..."</c>,
    /// <c>configuration["Key"] ?? "..."</c>, <c>configuration.GetValue("Key", "...")</c>; else null.
    /// </summary>
    public string? FallbackKey(IOperation literal, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var current = literal;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case ICoalesceOperation coalesce when coalesce.WhenNull == current:
                return LookupKey(OperationExtensions.Unwrap(coalesce.Value));
            case IArgumentOperation { Parameter.Name: "defaultValue", Parent: IInvocationOperation getValue } when IsBinderGetValue(getValue.TargetMethod):
                return KeyArgument(getValue, "key");
            default:
                return null;
        }
    }

    private string? LookupKey(IOperation lookup)
    {
        switch (lookup)
        {
            case IInvocationOperation { TargetMethod: { Name: "GetEnvironmentVariable" } method } call when _symbols.IsType(method.ContainingType, _symbols.Environment):
                return KeyArgument(call, "variable");
            case IInvocationOperation call when IsBinderGetValue(call.TargetMethod):
                return KeyArgument(call, "key");
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer
                when McpSymbols.Implements(indexer.Property.ContainingType, _symbols.Configuration):
                return indexer.Arguments[0].Value.ConstantValue.Value as string;
            default:
                return null;
        }
    }

    private bool IsBinderGetValue(IMethodSymbol method)
        => method.Name == "GetValue" && _symbols.IsType(method.ContainingType, _configurationBinder);

    private static string? KeyArgument(IInvocationOperation call, string parameter)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Name == parameter)
            {
                return argument.Value.ConstantValue.Value as string;
            }
        }

        return null;
    }

    /// <summary>
    /// The literal is (part of) the text of a message: an exception's message, a console or writer line, a
    /// <c>message</c>/<c>format</c> argument (logging, assertions), through concatenation, interpolation and
    /// <c>string.Format</c>/<c>Concat</c>/<c>Join</c>.
    /// </summary>
    public bool IsMessageText(IOperation literal)
    {
        var current = literal;
        while (true)
        {
            switch (current.Parent)
            {
                case IConversionOperation or IParenthesizedOperation or IInterpolatedStringTextOperation or IInterpolatedStringOperation or IInterpolationOperation:
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String }:
                    current = current.Parent;
                    continue;
                case IArgumentOperation { Parent: IInvocationOperation format } when format.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String:
                    current = format;
                    continue;
                case IArgumentOperation { Parent: IObjectCreationOperation creation }:
                    return McpSymbols.InheritsFromOrEquals(creation.Type, _exception);
                case IArgumentOperation { Parent: IInvocationOperation call } argument:
                    return argument.Parameter?.Name is "message" or "format"
                           || _symbols.IsType(call.TargetMethod.ContainingType, _symbols.Console)
                           || McpSymbols.InheritsFromOrEquals(call.TargetMethod.ContainingType, _textWriter);
                default:
                    return false;
            }
        }
    }
}
