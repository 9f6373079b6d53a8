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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC014: replace the broken check with the runtime guard: <c>x.StartsWith(root)</c> becomes
/// <c>PathGuard.IsInside(root, x)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BrokenPathContainmentCodeFix)), Shared]
public sealed class BrokenPathContainmentCodeFix : DocumentCodeFix
{
    protected override string RuleId => RuleIdentifiers.BrokenPathContainment;

    protected override string? Title(Diagnostic diagnostic)
        => "Use PathGuard for containment";

    protected override Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => ReferencesTypeAsync(document, PathGuardFixes.PathGuardType, cancellationToken);

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var invocation = root?.FindNode(diagnostic.Location.SourceSpan, false, true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (root is null || invocation?.Expression is not MemberAccessExpressionSyntax access || invocation.ArgumentList.Arguments.Count == 0)
        {
            return document;
        }

        var arguments = invocation.ArgumentList.Arguments;
        var replacement = "PathGuard.IsInside(" + arguments[0].Expression.WithoutTrivia().ToFullString() + ", " + access.Expression.WithoutTrivia().ToFullString() + ")";

        var newNode = SyntaxFactory.ParseExpression(replacement).WithTriviaFrom(invocation).WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        return document.WithSyntaxRoot(UsingDirectives.Ensure(root.ReplaceNode(invocation, newNode), PathGuardFixes.Namespace));
    }
}
