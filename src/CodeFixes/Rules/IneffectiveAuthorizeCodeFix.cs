using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>MCPSEC003: add <c>.AddAuthorizationFilters()</c> to the HTTP server's builder chain.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IneffectiveAuthorizeCodeFix)), Shared]
public sealed class IneffectiveAuthorizeCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.IneffectiveAuthorize);

    public override FixAllProvider GetFixAllProvider() => MergedFixAll.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.ContainsKey(IneffectiveAuthorizeAnalyzer.AddFiltersKey) && diagnostic.AdditionalLocations.Count > 0)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Add AddAuthorizationFilters() to the MCP server", ct => ApplyAsync(context.Document, diagnostic, ct), nameof(IneffectiveAuthorizeCodeFix)),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static async Task<Solution> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        var chainLocation = diagnostic.AdditionalLocations[0];
        var target = chainLocation.SourceTree is null ? null : solution.GetDocument(chainLocation.SourceTree);
        var root = target is null ? null : await target.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(chainLocation.SourceSpan, false, true) is not ExpressionSyntax chain)
        {
            return solution;
        }

        if (chain.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == "AddAuthorizationFilters"))
        {
            return solution; // another diagnostic's fix already added it
        }

        var extended = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, chain.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName("AddAuthorizationFilters")))
            .WithTrailingTrivia(chain.GetTrailingTrivia());
        return solution.WithDocumentSyntaxRoot(target!.Id, root.ReplaceNode(chain, extended));
    }
}
