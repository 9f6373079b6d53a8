using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC013: check the URL (or connection string) with the runtime guard configured from the environment:
/// <c>UrlGuard.FromEnvironment("MCP_ALLOWED_HOSTS").Check(url)</c>, <c>.CheckConnectionString(cs)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ServerSideRequestForgeryCodeFix)), Shared]
public sealed class ServerSideRequestForgeryCodeFix : DocumentCodeFix
{
    public const string HostsVariable = "MCP_ALLOWED_HOSTS";

    protected override string RuleId => RuleIdentifiers.ServerSideRequestForgery;

    protected override string? Title(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(ServerSideRequestForgeryAnalyzer.TargetKey, out var target) && target == "Database"
            ? null // a database name on a fixed server: the remedy is an allowlist of databases, not a host check
            : (IsConnectionString(diagnostic) ? "Check the connection string's hosts" : "Check the URL's host") + " against " + HostsVariable + " with UrlGuard (set " + HostsVariable + ")";

    protected override Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => ReferencesTypeAsync(document, "McpAnalyzers.Runtime.UrlGuard", cancellationToken);

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (await GuardWrapping.FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not { } value
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return document;
        }

        var guard = "UrlGuard.FromEnvironment(\"" + HostsVariable + "\").";
        if (IsConnectionString(diagnostic))
        {
            return await GuardWrapping.WrapAsync(document, value, guard + "CheckConnectionString(", ")", cancellationToken).ConfigureAwait(false);
        }

        // Check returns a Uri; where the API takes a string, pass the checked URL's canonical text.
        var typeInfo = model.GetTypeInfo(value, cancellationToken);
        var wantsString = (typeInfo.ConvertedType ?? typeInfo.Type)?.SpecialType == SpecialType.System_String;
        return await GuardWrapping.WrapAsync(document, value, guard + "Check(", wantsString ? ").AbsoluteUri" : ")", cancellationToken).ConfigureAwait(false);
    }

    private static bool IsConnectionString(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(ServerSideRequestForgeryAnalyzer.TargetKey, out var target) && target == "ConnectionString";
}
