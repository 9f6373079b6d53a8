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

    /// <summary>The programs of the rule tests, cut at a stride and with tokens deleted, through analyzers and fixers.</summary>
    [Theory]
    [MemberData(nameof(TestCorpus.TestFiles), MemberType = typeof(TestCorpus))]
    public async Task TestPrograms_TypedAndDeleted_NeverThrow_InAnalyzersOrFixers(string testFile)
    {
        var failures = new List<string>();
        var random = new Random(testFile.Length * 104729);
        var programs = (await TestCorpus.AllAsync()).Where(p => p.File == testFile).ToList();
        Assert.True((await TestCorpus.AllAsync()).Count > 200, "the rule tests hold only " + (await TestCorpus.AllAsync()).Count + " programs");
        foreach (var program in programs)
        {
            var references = await program.References.ResolveAllAsync();
            var text = program.Sources[0];
            for (var length = 0; length < text.Length; length += 401)
            {
                failures.AddRange(await RunAnalyzersAsync(text.Substring(0, length), references));
            }

            var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens().ToList();
            for (var i = 0; i < 3 && tokens.Count > 0; i++)
            {
                var token = tokens[random.Next(tokens.Count)];
                var deleted = (string[])program.Sources.Clone();
                deleted[0] = text.Remove(token.SpanStart, token.Span.Length);
                failures.AddRange(await FixerCrashes.RunAsync(deleted, references));
            }

            failures.AddRange(await FixerCrashes.RunAsync(program.Sources, references));
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Distinct().Take(5)));
    }

    /// <summary>Without the MCP SDK, or with an older one, the MCP types are error types or differ: no crash, no flow finding.</summary>
    [Theory]
    [MemberData(nameof(SampleFiles))]
    public async Task WithoutOrWithOlderSdks_AnalyzersStayQuietAndNeverThrow(string relativePath)
    {
        var text = await File.ReadAllTextAsync(Repository.PathOf(relativePath));
        foreach (var sdk in new[] { TestReferences.ConsoleOnly, TestReferences.McpSdk1, TestReferences.McpSdkPreview })
        {
            var references = await sdk.ResolveAllAsync();
            Assert.Empty(await RunAnalyzersAsync(text, references));
            if (ReferenceEquals(sdk, TestReferences.ConsoleOnly))
            {
                var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path: "/0/Program.cs");
                var compilation = CSharpCompilation.Create("NoSdk", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
                var diagnostics = await compilation.WithAnalyzers(RuleCatalog.Analyzers).GetAnalyzerDiagnosticsAsync();
                Assert.DoesNotContain(diagnostics, d => d.Id is "MCPSEC010" or "MCPSEC011" or "MCPSEC012" or "MCPSEC013" or "MCPSEC015" or "MCPSEC030" or "MCPSEC040" or "MCPSEC071" or "MCPSEC072");
            }
        }
    }

    internal static async Task<IEnumerable<string>> RunAnalyzersAsync(string source, ImmutableArray<MetadataReference> references)
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
