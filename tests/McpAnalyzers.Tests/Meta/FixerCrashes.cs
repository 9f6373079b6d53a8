using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace McpAnalyzers.Tests.Meta;

/// <summary>Runs every fixer on every diagnostic of a program, through a real Roslyn workspace, collecting exceptions.</summary>
internal static class FixerCrashes
{
    public static async Task<IEnumerable<string>> RunAsync(string[] sources, ImmutableArray<MetadataReference> references)
    {
        var failures = new List<string>();
        using var workspace = new AdhocWorkspace();
        var project = AddProject(workspace, sources, references);
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await compilation.WithAnalyzers(RuleCatalog.Analyzers).GetAnalyzerDiagnosticsAsync();
        var source = string.Join("\n// ---\n", sources);
        foreach (var diagnostic in diagnostics.Where(d => d.Location.IsInSource))
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree)!;
            foreach (var fixer in RuleCatalog.CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                try
                {
                    var actions = new List<CodeAction>();
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                    foreach (var action in actions)
                    {
                        await action.GetOperationsAsync(CancellationToken.None);
                    }
                }
                catch (Exception exception)
                {
                    failures.Add($"{fixer.GetType().Name} on {diagnostic.Id}: {exception}\n--- source ---\n{source}");
                }
            }
        }

        return failures;
    }

    public static Project AddProject(AdhocWorkspace workspace, string[] sources, ImmutableArray<MetadataReference> references)
    {
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Corpus", "Corpus", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references));
        for (var i = 0; i < sources.Length; i++)
        {
            workspace.AddDocument(project.Id, $"File{i}.cs", SourceText.From(sources[i]));
        }

        return workspace.CurrentSolution.GetProject(project.Id)!;
    }
}
