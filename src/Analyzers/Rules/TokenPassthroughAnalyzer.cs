using System;
using System.Collections.Immutable;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC052: the inbound <c>Authorization</c> header or access token (through <c>HttpContext</c>,
/// <c>IHttpContextAccessor</c> or <c>GetTokenAsync</c>) set on an outbound HTTP request
/// (<c>Headers.Authorization</c>, <c>DefaultRequestHeaders</c>, <c>Headers.Add("Authorization", ...)</c>),
/// also inside <c>DelegatingHandler</c>s. Follows locals within the method. Reported at the assignment or argument.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TokenPassthroughAnalyzer : DiagnosticAnalyzer
{
    private const int MaxDepth = 8;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC052);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (!mcp.Symbols.ReferencesMcp)
            {
                return;
            }

            start.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
            start.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
        });
    }

    /// <summary><c>request.Headers.Authorization = ...</c> and <c>client.DefaultRequestHeaders.Authorization = ...</c>.</summary>
    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "Authorization" } property }
            && property.ContainingType.IsType("System.Net.Http.Headers.HttpRequestHeaders")
            && InboundCredential(assignment.Value, 0) is { } what)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC052, assignment.Syntax.GetLocation(), what));
        }
    }

    /// <summary><c>headers.Add("Authorization", value)</c> / <c>TryAddWithoutValidation</c> on outbound headers.</summary>
    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name is not ("Add" or "TryAddWithoutValidation") || invocation.Arguments.Length != 2
            || !IsOutboundHeaders(invocation.TargetMethod.ContainingType)
            || invocation.Arguments[0].Value.ConstantValue.Value is not string name
            || !string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (InboundCredential(invocation.Arguments[1].Value, 0) is { } what)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC052, invocation.Arguments[1].Syntax.GetLocation(), what));
        }
    }

    private static bool IsOutboundHeaders(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "HttpHeaders" && current.ContainingNamespace?.ToDisplayString() == "System.Net.Http.Headers")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the value carries of the inbound request's credentials, or null.</summary>
    private static string? InboundCredential(IOperation? value, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return null;
        }

        foreach (var node in value.DescendantsAndSelf())
        {
            switch (node)
            {
                case IInvocationOperation { TargetMethod.Name: "GetTokenAsync" } getToken
                    when getToken.Arguments.Length > 0 && getToken.Arguments[getToken.Arguments.Length - 1].Value.ConstantValue.Value is string token
                         && token.IndexOf("token", StringComparison.OrdinalIgnoreCase) >= 0:
                    return "access token (GetTokenAsync)";
                case IInvocationOperation { TargetMethod.Name: "TryGetValue" } tryGet
                    when tryGet.Arguments.Length == 2 && IsInboundHeaders(tryGet.Instance) && IsAuthorizationKey(tryGet.Arguments[0].Value):
                    return "Authorization header";
                case IPropertyReferenceOperation { Property.Name: "Authorization" } header when IsInboundHeaders(header.Instance):
                    return "Authorization header";
                case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer
                    when IsInboundHeaders(indexer.Instance) && IsAuthorizationKey(indexer.Arguments[0].Value):
                    return "Authorization header";
                case ILocalReferenceOperation local when Assignments(local) is { } assignments:
                    foreach (var assigned in assignments)
                    {
                        if (InboundCredential(assigned, depth + 1) is { } what)
                        {
                            return what;
                        }
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary><c>Request.Headers</c> of an inbound <c>HttpRequest</c> (ASP.NET Core's IHeaderDictionary).</summary>
    private static bool IsInboundHeaders(IOperation? instance)
        => instance is not null && OperationExtensions.Unwrap(instance).Type.IsType("Microsoft.AspNetCore.Http.IHeaderDictionary");

    private static bool IsAuthorizationKey(IOperation key)
        => key.ConstantValue.Value is string text ? string.Equals(text, "Authorization", StringComparison.OrdinalIgnoreCase)
            : key is IFieldReferenceOperation { Field.Name: "Authorization" };

    /// <summary>Every value written to a local in its body (initializer, assignments, out arguments of TryGetValue).</summary>
    private static ImmutableArray<IOperation>? Assignments(ILocalReferenceOperation reference)
    {
        var body = OperationExtensions.EnclosingBody(reference);
        if (body is null)
        {
            return null;
        }

        var values = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var node in body.Descendants())
        {
            switch (node)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local) && declarator.GetVariableInitializer() is { } initializer:
                    values.Add(initializer.Value);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                    values.Add(assignment.Value);
                    break;
                case IInvocationOperation { TargetMethod.Name: "TryGetValue" } tryGet when tryGet.Arguments.Length == 2
                    && OutLocal(tryGet.Arguments[1].Value) is { } declared
                    && SymbolEqualityComparer.Default.Equals(declared, reference.Local):
                    values.Add(tryGet);
                    break;
            }
        }

        return values.ToImmutable();
    }

    private static ILocalSymbol? OutLocal(IOperation argument) => OperationExtensions.Unwrap(argument) switch
    {
        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } => declared.Local,
        ILocalReferenceOperation local => local.Local,
        _ => null,
    };
}
