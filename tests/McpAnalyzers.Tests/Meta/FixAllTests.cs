using System.Collections.Immutable;
using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Tests.Meta;

/// <summary>
/// dotnet format and "Fix all in document" apply a rule's fixes in one pass through the fixer's Fix All provider. On
/// every rule-test program with several fixable diagnostics in a file, one Fix All per rule compiles with no new error,
/// gives the same code as applying the fixes one at a time (fixes computed alone and merged would not, where several
/// diagnostics share an edit such as a middleware), and leaves no diagnostic the fixer would still fix.
/// </summary>
public class FixAllTests
{
    [Theory]
    [MemberData(nameof(TestCorpus.TestFiles), MemberType = typeof(TestCorpus))]
    public async Task FixAllInDocument_IsTheFixesOneByOne_InOnePass(string testFile)
    {
        var failures = new List<string>();
        foreach (var program in (await TestCorpus.AllAsync()).Where(p => p.File == testFile))
        {
            var references = await program.References.ResolveAllAsync();
            using var workspace = new AdhocWorkspace();
            var project = FixerCrashes.AddProject(workspace, program.Sources, references);
            var compilation = (await project.GetCompilationAsync())!;
            if (compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                continue; // not a positive case
            }

            var diagnostics = (await compilation.WithAnalyzers(RuleCatalog.Analyzers).GetAnalyzerDiagnosticsAsync()).Where(d => d.Location.IsInSource).ToImmutableArray();
            foreach (var fixer in RuleCatalog.CodeFixes)
            {
                foreach (var group in diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).GroupBy(d => d.Location.SourceTree))
                {
                    var document = project.GetDocument(group.Key)!;
                    var fixable = new List<Diagnostic>();
                    string? key = null;
                    foreach (var diagnostic in group)
                    {
                        var actions = await ActionsAsync(fixer, document, diagnostic);
                        if (actions.Count > 0)
                        {
                            fixable.Add(diagnostic);
                            key ??= actions[0].EquivalenceKey;
                        }
                    }

                    var started = await StartedAnywhereAsync(fixer, document, group.ToList(), fixable, key);
                    if (started is not null)
                    {
                        failures.Add($"{fixer.GetType().Name} ({group.Count()} diagnostics, {fixable.Count} fixable): {started}");
                    }

                    if (fixable.Count < 2)
                    {
                        continue; // Fix All is the same as the one fix
                    }

                    var failure = await CheckAsync(fixer, document, fixable, key);
                    if (failure is not null)
                    {
                        failures.Add($"{fixer.GetType().Name} ({fixable.Count} diagnostics): {failure}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
    }

    private static async Task<string?> CheckAsync(CodeFixProvider fixer, Document document, List<Diagnostic> fixable, string? key)
    {
        var provider = fixer.GetFixAllProvider()!;
        var context = new FixAllContext(document, fixer, FixAllScope.Document, key, fixable.Select(d => d.Id).Distinct(), new Diagnostics(fixable), CancellationToken.None);
        var action = await provider.GetFixAsync(context);
        if (action is null)
        {
            return "Fix All offered nothing";
        }

        var operation = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
        var fixedDocument = operation.ChangedSolution.GetDocument(document.Id)!;
        var before = (await document.GetTextAsync()).ToString();
        var after = (await fixedDocument.GetTextAsync()).ToString();
        var fixedCompilation = (await fixedDocument.Project.GetCompilationAsync())!;
        var errors = fixedCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            return $"does not compile: {errors[0]}\n--- fixed ---\n{after}";
        }

        // Fix All may guard a value that, fixed one by one, an earlier fix would have made clean first (the same lines,
        // checked twice); it must not insert or lose a statement.
        var oneByOne = await OneByOneAsync(fixer, document);
        if (oneByOne.StartsWith(NoOp, StringComparison.Ordinal))
        {
            return oneByOne;
        }

        var extra = Lines(after);
        var missing = Lines(oneByOne);
        foreach (var line in Lines(oneByOne))
        {
            extra.Remove(line);
        }

        foreach (var line in Lines(after))
        {
            missing.Remove(line);
        }

        if (extra.Count != missing.Count)
        {
            return $"Fix All {(extra.Count > missing.Count ? "inserts" : "loses")} statements the fixes one by one do not\n--- Fix All ---\n{after}\n--- one by one ---\n{oneByOne}";
        }

        var left = new List<Diagnostic>();
        var fixedTree = await fixedDocument.GetSyntaxTreeAsync();
        foreach (var diagnostic in (await fixedCompilation.WithAnalyzers(RuleCatalog.Analyzers).GetAnalyzerDiagnosticsAsync())
            .Where(d => d.Location.SourceTree == fixedTree && fixer.FixableDiagnosticIds.Contains(d.Id)))
        {
            if ((await ActionsAsync(fixer, fixedDocument, diagnostic)).Count > 0)
            {
                left.Add(diagnostic);
            }
        }

        return left.Count > 0 ? $"a second pass would still fix {left[0]}\n--- fixed ---\n{after}" : null;
    }

    /// <summary>
    /// dotnet format starts a rule's Fix All from the first diagnostic it meets, with that diagnostic's action's key
    /// (null when the diagnostic has no action) and every diagnostic of the rule in the solution: the result must be
    /// the one Fix All gives started from a fixable diagnostic.
    /// </summary>
    private static async Task<string?> StartedAnywhereAsync(CodeFixProvider fixer, Document document, List<Diagnostic> all, List<Diagnostic> fixable, string? key)
    {
        if (fixable.Count == 0)
        {
            return null;
        }

        var expected = await FixAllTextAsync(fixer, document, FixAllScope.Document, key, fixable);
        foreach (var startKey in new[] { key, null })
        {
            var actual = await FixAllTextAsync(fixer, document, FixAllScope.Solution, startKey, all);
            if (actual != expected)
            {
                return $"Fix All over the solution started with key '{startKey ?? "null"}' differs from Fix All in the document\n--- solution ---\n{actual ?? "(nothing)"}\n--- document ---\n{expected}";
            }
        }

        return null;
    }

    private static async Task<string?> FixAllTextAsync(CodeFixProvider fixer, Document document, FixAllScope scope, string? key, List<Diagnostic> diagnostics)
    {
        var context = new FixAllContext(document, fixer, scope, key!, diagnostics.Select(d => d.Id).Distinct(), new Diagnostics(diagnostics), CancellationToken.None);
        if (await fixer.GetFixAllProvider()!.GetFixAsync(context) is not { } action)
        {
            return null;
        }

        var operation = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
        return (await operation.ChangedSolution.GetDocument(document.Id)!.GetTextAsync()).ToString();
    }

    private static async Task<List<CodeAction>> ActionsAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    private const string NoOp = "offers an action that changes nothing:";

    private static List<string> Lines(string text)
        => text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 1).ToList();

    /// <summary>The document after applying the fixer's first action to its first fixable diagnostic, again and again.</summary>
    private static async Task<string> OneByOneAsync(CodeFixProvider fixer, Document document)
    {
        for (var step = 0; step < 20; step++)
        {
            var tree = await document.GetSyntaxTreeAsync();
            var compilation = (await document.Project.GetCompilationAsync())!;
            CodeAction? first = null;
            foreach (var diagnostic in (await compilation.WithAnalyzers(RuleCatalog.Analyzers).GetAnalyzerDiagnosticsAsync())
                .Where(d => d.Location.SourceTree == tree && fixer.FixableDiagnosticIds.Contains(d.Id))
                .OrderBy(d => d.Location.SourceSpan.Start))
            {
                if ((await ActionsAsync(fixer, document, diagnostic)).FirstOrDefault() is { } action)
                {
                    first = action;
                    break;
                }
            }

            if (first is null)
            {
                break;
            }

            var operation = (await first.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
            var changed = operation.ChangedSolution.GetDocument(document.Id)!;
            if ((await changed.GetTextAsync()).ToString() == (await document.GetTextAsync()).ToString())
            {
                return $"{NoOp} '{first.Title}'\n{await document.GetTextAsync()}";
            }

            document = changed;
        }

        return (await document.GetTextAsync()).ToString();
    }

    private sealed class Diagnostics(List<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return diagnostics.Where(d => d.Location.SourceTree == tree).ToList();
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());
    }
}
