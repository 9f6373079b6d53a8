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

/// <summary>MCPSEC060: bind to loopback (<c>127.0.0.1</c>, <c>[::1]</c>, <c>ListenLocalhost</c>, <c>IPAddress.Loopback</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ListenOnAllInterfacesCodeFix)), Shared]
public sealed class ListenOnAllInterfacesCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ListenOnAllInterfaces);

    public override FixAllProvider GetFixAllProvider() => MergedFixAll.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ListenOnAllInterfacesAnalyzer.FixKey, out var fix) || !diagnostic.Location.IsInSource)
            {
                continue; // project-file findings are fixed in the file itself
            }

            var title = fix == ListenOnAllInterfacesAnalyzer.FixListenLocalhost ? "Use ListenLocalhost" : "Bind to loopback";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ApplyAsync(context.Document, diagnostic, fix, ct), equivalenceKey: nameof(ListenOnAllInterfacesCodeFix)),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Solution> ApplyAsync(Document document, Diagnostic diagnostic, string? fix, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        switch (fix)
        {
            case ListenOnAllInterfacesAnalyzer.FixListenLocalhost:
            {
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var invocation = root?.FindNode(diagnostic.Location.SourceSpan, false, true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
                if (root is null || invocation?.Expression is not MemberAccessExpressionSyntax access)
                {
                    return solution;
                }

                var renamed = access.WithName(SyntaxFactory.IdentifierName("ListenLocalhost").WithTriviaFrom(access.Name));
                return solution.WithDocumentSyntaxRoot(document.Id, root.ReplaceNode(access, renamed));
            }

            case ListenOnAllInterfacesAnalyzer.FixLoopbackField:
            {
                var target = diagnostic.AdditionalLocations.FirstOrDefault();
                var replacement = diagnostic.Properties[ListenOnAllInterfacesAnalyzer.ReplacementKey];
                var targetDocument = target?.SourceTree is null ? null : solution.GetDocument(target.SourceTree);
                if (targetDocument is null || replacement is null)
                {
                    return solution;
                }

                var root = await targetDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root?.FindNode(target!.SourceSpan, false, true) is not { } node)
                {
                    return solution;
                }

                var access = node.FirstAncestorOrSelf<MemberAccessExpressionSyntax>();
                if (access is null)
                {
                    return solution;
                }

                var fixedAccess = access.WithName(SyntaxFactory.IdentifierName(replacement).WithTriviaFrom(access.Name));
                return solution.WithDocumentSyntaxRoot(targetDocument.Id, root.ReplaceNode(access, fixedAccess));
            }

            case ListenOnAllInterfacesAnalyzer.FixLiteral:
                return await ReplaceHostInLiteralAsync(solution, diagnostic, cancellationToken).ConfigureAwait(false);

            default:
                return solution;
        }
    }

    private static async Task<Solution> ReplaceHostInLiteralAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var target = diagnostic.AdditionalLocations.FirstOrDefault();
        var host = diagnostic.Properties[ListenOnAllInterfacesAnalyzer.HostKey];
        var replacement = diagnostic.Properties[ListenOnAllInterfacesAnalyzer.ReplacementKey];
        var targetDocument = target?.SourceTree is null ? null : solution.GetDocument(target.SourceTree);
        if (targetDocument is null || host is null || replacement is null)
        {
            return solution;
        }

        var root = await targetDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(target!.SourceSpan, false, true);
        SyntaxToken token = node switch
        {
            LiteralExpressionSyntax literal => literal.Token,
            InterpolatedStringTextSyntax interpolatedText => interpolatedText.TextToken,
            _ => default,
        };

        if (root is null || token == default)
        {
            return solution;
        }

        var text = token.Text;
        var index = text.IndexOf("://" + host, System.StringComparison.Ordinal);
        index = index >= 0 ? index + 3 : text.IndexOf(host, System.StringComparison.Ordinal);
        if (index < 0)
        {
            return solution;
        }

        var newText = text.Substring(0, index) + replacement + text.Substring(index + host.Length);
        var newValue = token.ValueText.Replace(host, replacement);
        var newToken = SyntaxFactory.Token(token.LeadingTrivia, token.Kind(), newText, newValue, token.TrailingTrivia);
        return solution.WithDocumentSyntaxRoot(targetDocument.Id, root.ReplaceToken(token, newToken));
    }
}
