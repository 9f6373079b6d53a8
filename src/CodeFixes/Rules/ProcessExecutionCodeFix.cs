using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC012: route the value through the runtime command guard: the program through <c>Executable</c> (allowed
/// programs from <c>MCP_ALLOWED_COMMANDS</c>, which the title says to set), a list element through <c>Argument</c> (which
/// refuses a leading '-', so the value cannot become an option), each tool-chosen part of an arguments string through
/// <c>InlineArgument</c>. Where the code names its program (<c>new ProcessStartInfo("git")</c>), the guard allows that
/// program (<c>new CommandGuard("git")</c>), so the fixed tool runs as before without configuration. Code evaluation
/// has no fix: no guard makes caller-written code safe.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ProcessExecutionCodeFix)), Shared]
public sealed class ProcessExecutionCodeFix : DocumentCodeFix
{
    public const string CommandsVariable = "MCP_ALLOWED_COMMANDS";

    private const string EnvironmentGuard = "CommandGuard.FromEnvironment(\"" + CommandsVariable + "\").";

    protected override string RuleId => RuleIdentifiers.ProcessExecution;

    protected override string? Title(Diagnostic diagnostic) => Role(diagnostic) switch
    {
        "Executable" => "Allow only the programs listed in " + CommandsVariable + " (set it) with CommandGuard",
        "Argument" => "Refuse option-like values (leading '-') with CommandGuard.Argument",
        "Arguments" => "Allow only plain words in the spliced values with CommandGuard",
        _ => null,
    };

    /// <summary>The guard the fix calls: one that allows the launch's own program, or the configured list.</summary>
    private static string Guard(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(ProcessExecutionAnalyzer.ProgramKey, out var program) && !string.IsNullOrEmpty(program)
            ? "new CommandGuard(" + SyntaxFactory.Literal(program!).ToString() + ")."
            : EnvironmentGuard;

    protected override Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken)
        => ReferencesTypeAsync(document, "McpAnalyzers.Runtime.CommandGuard", cancellationToken);

    protected override async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (await GuardWrapping.FindAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is not { } value
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
        {
            return document;
        }

        switch (Role(diagnostic))
        {
            case "Executable":
                return await GuardWrapping.WrapAsync(document, value, EnvironmentGuard + "Executable(", ")", cancellationToken).ConfigureAwait(false);
            case "Argument" when GuardWrapping.TryWrapElements(value, model, Guard(diagnostic) + "Argument(", ")", out var elements):
                // Process.Start("git", new[] { "clone", url }): each caller value in the list
                return await GuardWrapping.ReplaceAsync(document, value, elements.WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation), cancellationToken).ConfigureAwait(false);
            case "Argument":
                return await GuardWrapping.WrapAsync(document, value, Guard(diagnostic) + "Argument(", ")", cancellationToken).ConfigureAwait(false);
            default:
                if (GuardWrapping.TryWrapParts(value, model, Guard(diagnostic) + "InlineArgument(", ")", out var rewritten))
                {
                    return await GuardWrapping.ReplaceAsync(document, value, rewritten.WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation), cancellationToken).ConfigureAwait(false);
                }

                return await GuardWrapping.WrapAsync(document, value, Guard(diagnostic) + "InlineArgument(", ")", cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? Role(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(ProcessExecutionAnalyzer.RoleKey, out var role) ? role : null;
}
