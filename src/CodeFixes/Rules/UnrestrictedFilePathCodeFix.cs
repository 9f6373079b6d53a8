using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC010: resolve the path with the runtime guard before the file-system call:
/// <c>PathGuard.FromEnvironment("MCP_FILES_ROOT").Resolve(path)</c>. Offered when the project references
/// McpAnalyzers.Runtime (the package does). When the value came from <c>Path.Combine(root, input)</c> in the same
/// document (the diagnostic's additional location), that call becomes
/// <c>new PathGuard(Path.GetFullPath(root)).Resolve(input)</c> instead: the root the code already names, no variable
/// to set.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnrestrictedFilePathCodeFix)), Shared]
public sealed class UnrestrictedFilePathCodeFix : DocumentCodeFix
{
    public const string RootVariable = "MCP_FILES_ROOT";

    protected override string RuleId => RuleIdentifiers.UnrestrictedFilePath;

    protected override string? Title(Diagnostic diagnostic)
        => CombineLocation(diagnostic) is not null
            ? "Resolve the input inside the Combine root with PathGuard"
            : "Resolve the path inside " + RootVariable + " with PathGuard (set " + RootVariable + ")";

    protected override Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => ReferencesTypeAsync(document, PathGuardFixes.PathGuardType, cancellationToken); // else the fix would not compile

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (CombineLocation(diagnostic) is { } combineLocation)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root?.FindNode(combineLocation.SourceSpan, false, true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { ArgumentList.Arguments.Count: >= 2 } combine
                && combine.Span == combineLocation.SourceSpan)
            {
                var arguments = combine.ArgumentList.Arguments;
                var rest = arguments.Skip(1).Select(a => a.Expression.WithoutTrivia().ToFullString()).ToList();
                var input = rest.Count == 1 ? rest[0] : "System.IO.Path.Combine(" + string.Join(", ", rest) + ")";
                var replacement = SyntaxFactory.ParseExpression(
                        "new PathGuard(System.IO.Path.GetFullPath(" + arguments[0].Expression.WithoutTrivia().ToFullString() + ")).Resolve(" + input + ")")
                    .WithTriviaFrom(combine)
                    .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
                return await GuardWrapping.ReplaceAsync(document, combine, replacement, cancellationToken).ConfigureAwait(false);
            }
        }

        return await GuardWrapping.FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } value
            ? await GuardWrapping.WrapAsync(document, value, "PathGuard.FromEnvironment(\"" + RootVariable + "\").Resolve(", ")", cancellationToken).ConfigureAwait(false)
            : document;
    }

    /// <summary>The <c>Path.Combine</c> the value came from, when it is in the document the diagnostic is in.</summary>
    private static Location? CombineLocation(Diagnostic diagnostic)
        => diagnostic.AdditionalLocations.FirstOrDefault(l => l.IsInSource && l.SourceTree == diagnostic.Location.SourceTree);
}

/// <summary>Names shared by the path fixes.</summary>
internal static class PathGuardFixes
{
    public const string PathGuardType = "McpAnalyzers.Runtime.PathGuard";
    public const string Namespace = GuardWrapping.RuntimeNamespace;
}
