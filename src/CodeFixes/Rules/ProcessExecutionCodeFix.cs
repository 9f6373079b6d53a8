using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace McpAnalyzers.CodeFixes.Rules;

/// <summary>
/// MCPSEC012: route the value through the runtime command guard configured from the environment: the program
/// through <c>Executable</c>, a list element through <c>Argument</c>, each tool-chosen part of an arguments string
/// through <c>InlineArgument</c>. Code evaluation has no fix: no guard makes caller-written code safe.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ProcessExecutionCodeFix)), Shared]
public sealed class ProcessExecutionCodeFix : DocumentCodeFix
{
    public const string CommandsVariable = "MCP_ALLOWED_COMMANDS";

    private const string Guard = "CommandGuard.FromEnvironment(\"" + CommandsVariable + "\").";

    protected override string RuleId => RuleIdentifiers.ProcessExecution;

    protected override string? Title(Diagnostic diagnostic) => Role(diagnostic) switch
    {
        "Executable" => "Allow only listed programs with CommandGuard",
        "Argument" => "Check the argument with CommandGuard",
        "Arguments" => "Check the spliced values with CommandGuard",
        _ => null,
    };

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
                return await GuardWrapping.WrapAsync(document, value, Guard + "Executable(", ")", cancellationToken).ConfigureAwait(false);
            case "Argument" when GuardWrapping.TryWrapElements(value, model, Guard + "Argument(", ")", out var elements):
                // Process.Start("git", new[] { "clone", url }): each caller value in the list
                return await GuardWrapping.ReplaceAsync(document, value, elements.WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation), cancellationToken).ConfigureAwait(false);
            case "Argument":
                return await GuardWrapping.WrapAsync(document, value, Guard + "Argument(", ")", cancellationToken).ConfigureAwait(false);
            default:
                if (GuardWrapping.TryWrapParts(value, model, Guard + "InlineArgument(", ")", out var rewritten))
                {
                    return await GuardWrapping.ReplaceAsync(document, value, rewritten.WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation), cancellationToken).ConfigureAwait(false);
                }

                return await GuardWrapping.WrapAsync(document, value, Guard + "InlineArgument(", ")", cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? Role(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(ProcessExecutionAnalyzer.RoleKey, out var role) ? role : null;
}
