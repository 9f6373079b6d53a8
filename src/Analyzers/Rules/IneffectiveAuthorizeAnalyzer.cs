using System.Collections.Immutable;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC003: <c>[Authorize]</c> on MCP primitives (or their type) that has no effect: no server builder calls
/// <c>AddAuthorizationFilters()</c> (the SDK then refuses such primitives at run time), or every server uses
/// only the stdio transport (silently ignored). Quiet when the compilation sets up no server (a tool library).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IneffectiveAuthorizeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the server chain to extend with <c>AddAuthorizationFilters()</c> is the additional location.</summary>
    public const string AddFiltersKey = "AddFilters";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC003);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (!mcp.Symbols.ReferencesMcp || mcp.Symbols.AuthorizeData is null)
            {
                return;
            }

            start.RegisterSymbolAction(c => Analyze(c, mcp), SymbolKind.Method, SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, McpCompilationContext mcp)
    {
        string what;
        switch (context.Symbol)
        {
            case IMethodSymbol method when mcp.Primitives.GetKind(method) is var kind && kind != McpPrimitiveKind.None:
                what = "the " + kind.ToString().ToLowerInvariant() + " '" + method.Name + "'";
                break;
            case INamedTypeSymbol type when DeclaresPrimitives(type, mcp):
                what = "'" + type.Name + "'";
                break;
            default:
                return;
        }

        AttributeData? authorize = null;
        foreach (var attribute in context.Symbol.GetAttributes())
        {
            if (McpSymbols.Implements(attribute.AttributeClass, mcp.Symbols.AuthorizeData))
            {
                authorize = attribute;
                break;
            }
        }

        if (authorize?.ApplicationSyntaxReference is not { } syntax)
        {
            return;
        }

        var servers = mcp.Servers.Servers;
        if (servers.IsEmpty)
        {
            return;
        }

        McpServerSetup? http = null;
        foreach (var server in servers)
        {
            if (server.HasAuthorizationFilters)
            {
                return;
            }

            if ((server.Transports & McpTransports.Http) != 0)
            {
                http ??= server;
            }
        }

        var location = syntax.GetSyntax(context.CancellationToken).GetLocation();
        if (http is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC003, location, what,
                "the server only uses the stdio transport, where there is no HTTP user to authorize (it is silently ignored)"));
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.MCPSEC003,
            location,
            new[] { OutermostChain(http.AddMcpServer.Syntax).GetLocation() },
            ImmutableDictionary<string, string?>.Empty.Add(AddFiltersKey, "true"),
            what,
            "the server builder never calls AddAuthorizationFilters(), so the SDK does not apply it"));
    }

    private static bool DeclaresPrimitives(INamedTypeSymbol type, McpCompilationContext mcp)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol method && mcp.Primitives.GetKind(method) != McpPrimitiveKind.None)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>builder.Services.AddMcpServer().WithHttpTransport().WithTools&lt;T&gt;()</c> as a whole.</summary>
    internal static SyntaxNode OutermostChain(SyntaxNode invocation)
    {
        var current = invocation;
        while (current.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax outer } access && access.Expression == current)
        {
            current = outer;
        }

        return current;
    }
}
