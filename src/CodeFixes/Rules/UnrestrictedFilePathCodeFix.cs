using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

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
        => "Resolve the path inside " + RootVariable + " with PathGuard (set " + RootVariable + ")";

    protected override Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => ReferencesTypeAsync(document, PathGuardFixes.PathGuardType, cancellationToken); // else the fix would not compile

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await GuardWrapping.FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } value
            ? await GuardWrapping.WrapAsync(document, value, "PathGuard.FromEnvironment(\"" + RootVariable + "\").Resolve(", ")", cancellationToken).ConfigureAwait(false)
            : document;
}

/// <summary>Names shared by the path fixes.</summary>
internal static class PathGuardFixes
{
    public const string PathGuardType = "McpAnalyzers.Runtime.PathGuard";
    public const string Namespace = GuardWrapping.RuntimeNamespace;
}
