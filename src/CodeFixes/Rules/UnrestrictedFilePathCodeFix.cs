using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC010: resolve the path with the runtime guard before the file-system call:
/// <c>PathGuard.FromEnvironment("MCP_FILES_ROOT").Resolve(path)</c>. Offered when the project references
/// McpAnalyzers.Runtime (the package does).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnrestrictedFilePathCodeFix)), Shared]
public sealed class UnrestrictedFilePathCodeFix : DocumentCodeFix
{
    public const string RootVariable = "MCP_FILES_ROOT";

    protected override string RuleId => RuleIdentifiers.UnrestrictedFilePath;

    protected override string? Title(Diagnostic diagnostic)
        => "Resolve the path with PathGuard";

    protected override Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => ReferencesTypeAsync(document, PathGuardFixes.PathGuardType, cancellationToken); // else the fix would not compile

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, false, true) is not ExpressionSyntax value)
        {
            return document;
        }

        var guarded = SyntaxFactory.ParseExpression(
                "PathGuard.FromEnvironment(\"" + RootVariable + "\").Resolve(" + value.WithoutTrivia().ToFullString() + ")")
            .WithTriviaFrom(value)
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        return document.WithSyntaxRoot(UsingDirectives.Ensure(root.ReplaceNode(value, guarded), PathGuardFixes.Namespace));
    }
}

/// <summary>Names shared by the path fixes.</summary>
internal static class PathGuardFixes
{
    public const string PathGuardType = "McpAnalyzers.Runtime.PathGuard";
    public const string Namespace = "McpAnalyzers.Runtime";
}
