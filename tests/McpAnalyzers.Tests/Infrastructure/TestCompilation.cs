using System.Collections.Immutable;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Tests.Infrastructure;

/// <summary>Compiles test code against real reference assemblies, for tests of the MCP model itself.</summary>
public static class TestCompilation
{
    public static async Task<CSharpCompilation> CreateAsync(TestReferences references, params string[] sources)
    {
        var metadata = await references.ResolveAllAsync();
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"/0/File{i}.cs"));
        var compilation = CSharpCompilation.Create("Test", trees, metadata, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "test code does not compile:\n" + string.Join("\n", errors));
        return compilation;
    }

    /// <summary>The diagnostics one analyzer reports on the sources (compiler errors fail the test).</summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(DiagnosticAnalyzer analyzer, string source, TestReferences references)
    {
        var compilation = await CreateAsync(references, source);
        return await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
    }

    internal static McpCompilationContext Context(Compilation compilation)
        => McpCompilationContext.Get(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));

    internal static IMethodSymbol Method(Compilation compilation, string typeName, string methodName)
        => compilation.GetTypeByMetadataName(typeName)!.GetMembers(methodName).OfType<IMethodSymbol>().Single();
}
