using System.Collections.Immutable;
using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Tests.Meta;

/// <summary>
/// Code as it looks while being typed must never make an analyzer throw (AD0001 in every user's build):
/// every sample file cut at a stride of prefixes, and with tokens deleted at random, run through all analyzers.
/// </summary>
public class IncompleteCodeTests
{
    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Repository.PathOf("samples"), "*.cs", SearchOption.AllDirectories))
        {
            if (!file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            {
                data.Add(Path.GetRelativePath(Repository.Root, file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public async Task TypingAndDeleting_NeverThrows(string relativePath)
    {
        var text = await File.ReadAllTextAsync(Repository.PathOf(relativePath));
        var references = await TestReferences.McpSdk2.ResolveAllAsync();
        var variants = new List<string>();
        const int Stride = 23;
        for (var length = 0; length < text.Length; length += Stride)
        {
            variants.Add(text.Substring(0, length));
        }

        var random = new Random(relativePath.Length * 7919);
        var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().ToList();
        for (var i = 0; i < 40 && tokens.Count > 0; i++)
        {
            var token = tokens[random.Next(tokens.Count)];
            variants.Add(text.Remove(token.SpanStart, token.Span.Length));
        }

        var failures = new List<string>();
        foreach (var variant in variants)
        {
            failures.AddRange(await RunAnalyzersAsync(variant, references));
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Distinct().Take(5)));
    }

    private static async Task<IEnumerable<string>> RunAnalyzersAsync(string source, ImmutableArray<MetadataReference> references)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "/0/Program.cs");
        var compilation = CSharpCompilation.Create("Typing", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, diagnostic) => exceptions.Add($"{analyzer.GetType().Name}: {exception}\n--- source ---\n{source}"),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(RuleCatalog.Analyzers, options).GetAnalyzerDiagnosticsAsync();
        exceptions.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()));
        return exceptions;
    }
}
