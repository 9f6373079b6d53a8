using System;
using System.Collections.Immutable;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC001: a <c>MapMcp(...)</c> endpoint that never requires authorization (in its chain, later through a
/// variable or field, or on an enclosing <c>MapGroup</c>) while no fallback policy is set and no authentication
/// middleware guards the pipeline; and <c>.AllowAnonymous()</c> on that chain. Each endpoint is judged on its own.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnauthenticatedEndpointAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the finding is an explicit <c>AllowAnonymous()</c> (fixed by removing it).</summary>
    public const string AllowAnonymousKey = "AllowAnonymous";

    /// <summary>Diagnostic properties: what the fix must add for RequireAuthorization() to work.</summary>
    public const string NeedsSchemeKey = "NeedsScheme";

    /// <summary>Diagnostic property: authentication is installed, but only under a condition (no automatic fix).</summary>
    public const string ConditionalKey = "Conditional";
    public const string NeedsAuthorizationServicesKey = "NeedsAuthorizationServices";
    public const string NeedsUseAuthenticationKey = "NeedsUseAuthentication";
    public const string NeedsUseAuthorizationKey = "NeedsUseAuthorization";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC001);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (!mcp.Symbols.HasHttpTransport)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, mcp), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, McpCompilationContext mcp)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (mcp.Symbols.IsAllowAnonymous(invocation.TargetMethod))
        {
            AnalyzeAllowAnonymous(context, invocation, mcp);
            return;
        }

        if (!mcp.Symbols.IsMapMcp(invocation.TargetMethod))
        {
            return;
        }

        var endpoint = McpEndpoint.Create(invocation, context.CancellationToken);
        foreach (var convention in AllConventions(endpoint))
        {
            if (mcp.Symbols.IsAllowAnonymous(convention.TargetMethod))
            {
                return; // reported at that call (below), where the fix removes it
            }
        }

        // A protection installed only under a condition protects nothing when the condition is false: reported,
        // naming the condition, unless the other branch fails closed.
        string? condition = null;
        bool Unconditional(IOperation protection)
        {
            if (Conditions.Guarding(protection) is not { } guard)
            {
                return true;
            }

            condition ??= guard;
            return false;
        }

        foreach (var convention in AllConventions(endpoint))
        {
            if (mcp.Symbols.IsRequireAuthorization(convention.TargetMethod) && Unconditional(convention))
            {
                return;
            }
        }

        var servers = mcp.Servers;
        foreach (var policy in servers.FallbackPolicies)
        {
            if (Unconditional(policy))
            {
                return;
            }
        }

        foreach (var middleware in servers.Middleware)
        {
            if (IsAuthenticationMiddleware(middleware) && Unconditional(middleware))
            {
                return;
            }
        }

        if (condition is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MCPSEC001,
                invocation.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(ConditionalKey, "true"),
                $"The MCP endpoint requires authentication only when '{condition}'; otherwise anyone can call it: install authentication unconditionally, or fail closed (throw) when the condition does not hold"));
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (!servers.HasAuthenticationScheme)
        {
            properties = properties.Add(NeedsSchemeKey, "true");
        }

        if (servers.Authorization.IsEmpty)
        {
            properties = properties.Add(NeedsAuthorizationServicesKey, "true");
        }

        if (!HasMiddleware(servers, mcp.Symbols.AuthenticationMiddlewareExtensions, "UseAuthentication", mcp.Symbols))
        {
            properties = properties.Add(NeedsUseAuthenticationKey, "true");
        }

        if (!HasMiddleware(servers, mcp.Symbols.AuthorizationMiddlewareExtensions, "UseAuthorization", mcp.Symbols))
        {
            properties = properties.Add(NeedsUseAuthorizationKey, "true");
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.MCPSEC001,
            invocation.Syntax.GetLocation(),
            properties,
            "The MCP endpoint does not require authentication: add .RequireAuthorization() (or a fallback authorization policy)"
            + (servers.HasAuthenticationScheme
                ? string.Empty
                : mcp.Symbols.Companions.HasAspNetCore
                    ? " and an authentication scheme (AddMcpBearer() of McpAnalyzers.AspNetCore, or your identity provider's)"
                    : $" and an authentication scheme (your identity provider's JWT bearer, or the {Companions.AspNetCorePackage} package's AddMcpBearer())")));
    }

    private static bool HasMiddleware(McpServerModel servers, INamedTypeSymbol? declaringType, string name, McpSymbols symbols)
    {
        foreach (var middleware in servers.Middleware)
        {
            if (symbols.IsMethod(middleware.TargetMethod, declaringType, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>.AllowAnonymous()</c> applied to an MCP endpoint (or its group): reported at that call.</summary>
    private static void AnalyzeAllowAnonymous(OperationAnalysisContext context, IInvocationOperation allowAnonymous, McpCompilationContext mcp)
    {
        foreach (var endpoint in mcp.Servers.Endpoints)
        {
            foreach (var convention in AllConventions(endpoint))
            {
                if (convention.Syntax == allowAnonymous.Syntax)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.MCPSEC001,
                        CallLocation(allowAnonymous),
                        ImmutableDictionary<string, string?>.Empty.Add(AllowAnonymousKey, "true"),
                        "AllowAnonymous() opens the MCP endpoint to unauthenticated callers; remove it"));
                    return;
                }
            }
        }
    }

    private static ImmutableArray<IInvocationOperation> AllConventions(McpEndpoint endpoint)
    {
        var all = endpoint.Conventions.ToBuilder();
        foreach (var group in endpoint.Groups)
        {
            all.AddRange(group.Conventions);
        }

        return all.ToImmutable();
    }

    /// <summary>Just <c>AllowAnonymous()</c> in <c>app.MapMcp().AllowAnonymous()</c>, not the whole chain.</summary>
    private static Location CallLocation(IInvocationOperation call)
    {
        if (call.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access } syntax)
        {
            return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(access.Name.SpanStart, syntax.Span.End));
        }

        return call.Syntax.GetLocation();
    }

    /// <summary>
    /// Middleware that evidently authenticates: <c>UseMiddleware&lt;T&gt;</c> whose code does what an <c>Use(...)</c>
    /// check does (reads the Authorization header or answers 401); for a middleware type from a referenced assembly,
    /// whose code is not visible, a type name that says Auth.
    /// <c>UseAuthentication</c>/<c>UseAuthorization</c> alone require nothing of a request.
    /// </summary>
    internal static bool IsAuthenticationMiddleware(IInvocationOperation use)
    {
        var method = use.TargetMethod;
        switch (method.Name)
        {
            case "UseMiddleware":
            {
                var type = method.TypeArguments.Length == 1 ? method.TypeArguments[0]
                    : use.Arguments.Length > 1 && OperationExtensions.Unwrap(use.Arguments[1].Value) is ITypeOfOperation typeOf ? typeOf.TypeOperand : null;
                return type is not null && (type.DeclaringSyntaxReferences.IsEmpty
                    ? type.Name.IndexOf("Auth", StringComparison.OrdinalIgnoreCase) >= 0
                    : ChecksCredentials(type));
            }

            case "Use":
            case "UseWhen":
                foreach (var argument in use.Arguments)
                {
                    if (ChecksCredentials(argument.Value))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool ChecksCredentials(ITypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol { Name: "Invoke" or "InvokeAsync" } invoke)
            {
                foreach (var reference in invoke.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is { } syntax && MentionsCredentials(syntax))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool ChecksCredentials(IOperation operation)
    {
        foreach (var node in operation.DescendantsAndSelf())
        {
            switch (node)
            {
                case ILiteralOperation { ConstantValue.Value: string text } when string.Equals(text, "Authorization", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "X-Api-Key", StringComparison.OrdinalIgnoreCase):
                case ILiteralOperation { ConstantValue.Value: 401 }:
                case IPropertyReferenceOperation { Property.Name: "Authorization" }:
                case IFieldReferenceOperation { Field.Name: "Authorization" or "Status401Unauthorized" }:
                case IMethodReferenceOperation { Method: { } target } when target.DeclaringSyntaxReferences.Length > 0 && MentionsCredentials(target.DeclaringSyntaxReferences[0].GetSyntax()):
                    return true;
            }
        }

        return false;
    }

    /// <summary>Syntax check for a middleware class's Invoke method: the Authorization header or a 401.</summary>
    private static bool MentionsCredentials(SyntaxNode syntax)
    {
        foreach (var token in syntax.DescendantTokens())
        {
            var text = token.ValueText;
            if (text is "Authorization" or "Status401Unauthorized" or "Status403Forbidden" or "Unauthorized" or "ChallengeAsync" or "ForbidAsync"
                || string.Equals(text, "X-Api-Key", StringComparison.OrdinalIgnoreCase) || token.Value is 401 or 403)
            {
                return true;
            }
        }

        return false;
    }
}
