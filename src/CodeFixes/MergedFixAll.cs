using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace McpAnalyzers.CodeFixes;

/// <summary>
/// Fix All for fixers whose actions are all one kind: each diagnostic's action is computed alone on the original
/// solution and the text changes are merged; a diagnostic whose changes overlap changes already taken is left for the
/// next pass (identical changes, such as the same using directive, are taken once).
/// </summary>
/// <remarks>
/// Unlike Roslyn's batch fixer it does not keep only the actions whose equivalence key is the one Fix All started from.
/// dotnet format starts from whichever diagnostic of the rule it meets first; when that one has no action (a write the
/// read-only fix must not wrap, a conditional endpoint) the key is null and the batch fixer applies nothing, so which
/// fixes land changed from run to run.
/// </remarks>
internal sealed class MergedFixAll : FixAllProvider
{
    public static MergedFixAll Instance { get; } = new();

    private MergedFixAll()
    {
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
        => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var cancellationToken = fixAllContext.CancellationToken;
        var solution = fixAllContext.Solution;
        var taken = new Dictionary<DocumentId, List<TextChange>>();
        foreach (var diagnostic in await DiagnosticsAsync(fixAllContext).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (solution.GetDocument(diagnostic.Location.SourceTree) is not { } document)
            {
                continue;
            }

            CodeAction? action = null;
            await fixAllContext.CodeFixProvider.RegisterCodeFixesAsync(
                new CodeFixContext(document, diagnostic, (registered, _) => action ??= registered, cancellationToken)).ConfigureAwait(false);
            if (action is null)
            {
                continue;
            }

            var changed = (await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false)).OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
            if (changed is null)
            {
                continue;
            }

            var edits = new List<(DocumentId Id, IReadOnlyList<TextChange> Changes)>();
            foreach (var project in changed.GetChanges(solution).GetProjectChanges())
            {
                foreach (var id in project.GetChangedDocuments())
                {
                    if (changed.GetDocument(id) is { } after && solution.GetDocument(id) is { } before)
                    {
                        edits.Add((id, (await after.GetTextChangesAsync(before, cancellationToken).ConfigureAwait(false)).ToList()));
                    }
                }
            }

            if (edits.Any(edit => Conflicts(taken, edit.Id, edit.Changes)))
            {
                continue;
            }

            foreach (var (id, changes) in edits)
            {
                if (!taken.TryGetValue(id, out var list))
                {
                    taken[id] = list = new List<TextChange>();
                }

                list.AddRange(changes.Where(change => !list.Contains(change)));
            }
        }

        if (taken.Count == 0)
        {
            return null;
        }

        var result = solution;
        foreach (var pair in taken)
        {
            var text = await solution.GetDocument(pair.Key)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            result = result.WithDocumentText(pair.Key, text.WithChanges(pair.Value.OrderBy(change => change.Span.Start).ThenBy(change => change.Span.End)));
        }

        var title = fixAllContext.CodeActionEquivalenceKey is { Length: > 0 } key ? $"Fix all ({key})" : "Fix all";
        return CodeAction.Create(title, _ => Task.FromResult(result), fixAllContext.CodeActionEquivalenceKey);
    }

    /// <summary>The scope's diagnostics of the rule, in document and position order, so that a pass is reproducible.</summary>
    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(FixAllContext context)
    {
        IEnumerable<Diagnostic> diagnostics;
        switch (context.Scope)
        {
            case FixAllScope.Document when context.Document is not null:
                diagnostics = await context.GetDocumentDiagnosticsAsync(context.Document).ConfigureAwait(false);
                break;
            case FixAllScope.Project:
                diagnostics = await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false);
                break;
            case FixAllScope.Solution:
                var all = new List<Diagnostic>();
                foreach (var project in context.Solution.Projects)
                {
                    all.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                }

                diagnostics = all;
                break;
            default:
                return ImmutableArray<Diagnostic>.Empty;
        }

        return diagnostics
            .Where(d => d.Location.IsInSource && context.DiagnosticIds.Contains(d.Id))
            .Distinct()
            .OrderBy(d => d.Location.SourceTree!.FilePath, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>
    /// A change conflicts with a change already taken in the same document when they are not the same change and
    /// touch the same text, or insert at the same place (their order would be a guess).
    /// </summary>
    private static bool Conflicts(Dictionary<DocumentId, List<TextChange>> taken, DocumentId id, IReadOnlyList<TextChange> changes)
        => taken.TryGetValue(id, out var list)
           && changes.Any(change => list.Any(other => !other.Equals(change)
               && (other.Span.OverlapsWith(change.Span) || (other.Span.IntersectsWith(change.Span) && (other.Span.IsEmpty || change.Span.IsEmpty)))));
}
