using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace McpAnalyzers.CodeFixes;

/// <summary>
/// A fix for one rule that rewrites the diagnostic's document: one code action per diagnostic, the fixer's name as
/// equivalence key, Fix All by <see cref="MergedFixAll"/>. Fixers say whether they apply and what their action is called.
/// </summary>
public abstract class DocumentCodeFix : CodeFixProvider
{
    protected abstract string RuleId { get; }

    public sealed override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleId);

    public sealed override FixAllProvider GetFixAllProvider() => FixAll;

    /// <summary>
    /// How Fix All applies many diagnostics: by default each fix is computed alone and the edits are merged; a fixer
    /// whose fixes share an edit (a middleware inserted once for every endpoint) applies a document's diagnostics together.
    /// </summary>
    protected virtual FixAllProvider FixAll => MergedFixAll.Instance;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (!await IsAvailableAsync(context.Document, context.CancellationToken).ConfigureAwait(false))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Title(diagnostic) is { } title && await CanFixAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(CodeAction.Create(title, ct => ApplyAsync(context.Document, diagnostic, ct), GetType().Name), diagnostic);
            }
        }
    }

    /// <summary>The action's title for this diagnostic, or null when it cannot be fixed.</summary>
    protected abstract string? Title(Diagnostic diagnostic);

    /// <summary>False when the project lacks what the fix needs (the runtime guards, the companion package).</summary>
    protected virtual Task<bool> IsAvailableAsync(Document document, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>False when this diagnostic's code has a shape the fix cannot rewrite (no action is offered).</summary>
    protected virtual Task<bool> CanFixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken) => Task.FromResult(true);

    protected abstract Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>Helper for <see cref="IsAvailableAsync"/>: the compilation knows the type.</summary>
    protected static async Task<bool> ReferencesTypeAsync(Document document, string metadataName, CancellationToken cancellationToken)
        => (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))?.Compilation is { } compilation
           && McpSymbols.ResolveType(compilation, metadataName) is not null;
}
