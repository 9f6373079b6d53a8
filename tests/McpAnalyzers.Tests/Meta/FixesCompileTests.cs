using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Tests.Meta;

/// <summary>
/// Every code fix, applied on its own to every diagnostic of every rule-test program (the positive cases), yields
/// code that compiles with no error the program did not already have.
/// </summary>
public class FixesCompileTests
{
    [Theory]
    [MemberData(nameof(TestCorpus.TestFiles), MemberType = typeof(TestCorpus))]
    public async Task EveryFix_OnEveryPositiveCase_Compiles(string testFile)
    {
        var references = await TestReferences.McpSdk2Data.ResolveAllAsync();
        var failures = new List<string>();
        var fixesApplied = 0;
        foreach (var (_, source) in TestCorpus.All.Where(p => p.File == testFile))
        {
            using var workspace = new AdhocWorkspace();
            var document = FixerCrashes.AddDocument(workspace, source, references);
            var compilation = (await document.Project.GetCompilationAsync())!;
            var errorsBefore = Errors(compilation);
            if (errorsBefore.Count > 0)
            {
                continue; // an interpolated template or a deliberately broken case: not a positive case
            }

            var diagnostics = await compilation.WithAnalyzers(RuleCatalog.Analyzers).GetAnalyzerDiagnosticsAsync();
            foreach (var diagnostic in diagnostics.Where(d => d.Location.IsInSource))
            {
                foreach (var fixer in RuleCatalog.CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var actions = new List<CodeAction>();
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                    foreach (var action in actions)
                    {
                        var operation = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
                        var fixedCompilation = (await operation.ChangedSolution.GetProject(document.Project.Id)!.GetCompilationAsync())!;
                        var errorsAfter = Errors(fixedCompilation);
                        fixesApplied++;
                        if (errorsAfter.Count > 0)
                        {
                            var text = (await operation.ChangedSolution.GetDocument(document.Id)!.GetTextAsync()).ToString();
                            failures.Add($"{fixer.GetType().Name} on {diagnostic}:\n{string.Join("\n", errorsAfter.Take(3))}\n--- fixed ---\n{text}");
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {fixesApplied} fixes do not compile:\n\n" + string.Join("\n\n", failures.Take(3)));
    }

    private static List<Diagnostic> Errors(Compilation compilation)
        => compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
}
