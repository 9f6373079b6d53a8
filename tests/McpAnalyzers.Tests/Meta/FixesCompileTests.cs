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
        var failures = new List<string>();
        var fixesApplied = 0;
        foreach (var program in (await TestCorpus.AllAsync()).Where(p => p.File == testFile))
        {
            var references = await program.References.ResolveAllAsync();
            using var workspace = new AdhocWorkspace();
            var project = FixerCrashes.AddProject(workspace, program.Sources, references);
            var compilation = (await project.GetCompilationAsync())!;
            var errorsBefore = Errors(compilation);
            if (errorsBefore.Count > 0)
            {
                continue; // an interpolated template or a deliberately broken case: not a positive case
            }

            var diagnostics = await compilation.WithAnalyzers(RuleCatalog.Analyzers).GetAnalyzerDiagnosticsAsync();
            foreach (var diagnostic in diagnostics.Where(d => d.Location.IsInSource))
            {
                var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                foreach (var fixer in RuleCatalog.CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var actions = new List<CodeAction>();
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                    foreach (var action in actions)
                    {
                        var operation = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
                        var fixedCompilation = (await operation.ChangedSolution.GetProject(project.Id)!.GetCompilationAsync())!;
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
        if (File.ReadAllText(Repository.PathOf("tests", "McpAnalyzers.Tests", "Rules", testFile)).Contains("FixAsync", StringComparison.Ordinal))
        {
            Assert.True(fixesApplied > 0, testFile + ": its programs gave no fix to apply"); // the corpus is really exercised
        }
    }

    private static List<Diagnostic> Errors(Compilation compilation)
        => compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
}
