using System.Collections.Immutable;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC002: <c>[AllowAnonymous]</c> on an MCP tool, prompt or resource method, or on a type that declares
/// them (where it also cancels every method-level <c>[Authorize]</c>). Reported at the attribute.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AnonymousPrimitiveAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC002);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (!mcp.Symbols.ReferencesMcp || mcp.Symbols.AllowAnonymous is null)
            {
                return;
            }

            start.RegisterSymbolAction(c => AnalyzeMethod(c, mcp), SymbolKind.Method);
            start.RegisterSymbolAction(c => AnalyzeType(c, mcp), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, McpCompilationContext mcp)
    {
        var method = (IMethodSymbol)context.Symbol;
        var kind = mcp.Primitives.GetKind(method);
        if (kind == McpPrimitiveKind.None)
        {
            return;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (McpSymbols.Implements(attribute.AttributeClass, mcp.Symbols.AllowAnonymous) && attribute.ApplicationSyntaxReference is { } syntax)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC002, syntax.GetSyntax(context.CancellationToken).GetLocation(),
                    "the " + kind.ToString().ToLowerInvariant() + " '" + method.Name + "'", string.Empty));
            }
        }
    }

    private static void AnalyzeType(SymbolAnalysisContext context, McpCompilationContext mcp)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var primitives = 0;
        var authorized = 0;
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol method && mcp.Primitives.GetKind(method) != McpPrimitiveKind.None)
            {
                primitives++;
                foreach (var attribute in method.GetAttributes())
                {
                    if (McpSymbols.Implements(attribute.AttributeClass, mcp.Symbols.AuthorizeData))
                    {
                        authorized++;
                        break;
                    }
                }
            }
        }

        if (primitives == 0)
        {
            return;
        }

        foreach (var attribute in type.GetAttributes())
        {
            if (McpSymbols.Implements(attribute.AttributeClass, mcp.Symbols.AllowAnonymous) && attribute.ApplicationSyntaxReference is { } syntax)
            {
                var cancels = authorized > 0 ? " and cancels the [Authorize] on " + authorized + " of its methods" : string.Empty;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC002, syntax.GetSyntax(context.CancellationToken).GetLocation(),
                    "'" + type.Name + "' (" + primitives + " MCP primitives)", cancels));
            }
        }
    }
}
