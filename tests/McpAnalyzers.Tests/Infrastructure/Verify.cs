using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace McpAnalyzers.Tests.Infrastructure;

/// <summary>Analyzer and code-fix verification with the Roslyn testing library, Program.cs style (top-level statements).</summary>
public static class Verify<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>An expected diagnostic whose message is checked against the arguments the test gives.</summary>
    public static DiagnosticResult Diagnostic(string id)
        => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(Descriptor(id)).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    /// <summary>An expected diagnostic checked by ID, severity and location only.</summary>
    public static DiagnosticResult AnyMessage(string id)
    {
        return new DiagnosticResult(id, Descriptor(id).DefaultSeverity).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);
    }

    /// <summary>The rule's descriptor: the first of its ID (a rule reported live and at the end of the compilation has two, alike but for the tag).</summary>
    private static DiagnosticDescriptor Descriptor(string id) => new TAnalyzer().SupportedDiagnostics.First(d => d.Id == id);

    /// <summary>Asserts exactly the diagnostics marked in <paramref name="source"/> (and <paramref name="expected"/>).</summary>
    public static Task AnalyzerAsync(string source, TestReferences? references = null, params DiagnosticResult[] expected)
        => AnalyzerAsync(new[] { source }, Array.Empty<(string, string)>(), references, expected);

    public static async Task AnalyzerAsync(string[] sources, (string Path, string Text)[] additionalFiles, TestReferences? references = null, params DiagnosticResult[] expected)
    {
        if (VerifyRecorder.TryRecord(sources, references))
        {
            return;
        }

        var test = await CreateAsync(references, configure: null);
        AddSources(test.TestState, sources);
        foreach (var file in additionalFiles)
        {
            test.TestState.AdditionalFiles.Add(file);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static Task FixAsync(string source, string fixedSource, TestReferences? references = null, params DiagnosticResult[] expected)
        => FixAsync(new[] { source }, new[] { fixedSource }, references, expected);

    public static async Task FixAsync(string[] sources, string[] fixedSources, TestReferences? references = null, params DiagnosticResult[] expected)
    {
        if (VerifyRecorder.TryRecord(sources, references))
        {
            return;
        }

        var test = await CreateAsync(references, configure: null);
        AddSources(test.TestState, sources);
        AddSources(test.FixedState, fixedSources);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>A test with the given references, top-level statements allowed, for callers that need more control.</summary>
    public static async Task<CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>> CreateAsync(
        TestReferences? references,
        Action<CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>>? configure)
    {
        references ??= TestReferences.McpSdk2;
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = references.Assemblies,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        if (new TAnalyzer().SupportedDiagnostics.Any(d => d.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd)))
        {
            // A rule reported at the end of the compilation has non-local diagnostics: the IDE shows them (and offers
            // their fixes) with full-solution analysis, the build always.
            test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        }

        await references.ApplyAsync(test.TestState);
        configure?.Invoke(test);
        return test;
    }

    private static void AddSources(SolutionState state, string[] sources)
    {
        for (var i = 0; i < sources.Length; i++)
        {
            state.Sources.Add(($"/0/File{i}.cs", sources[i]));
        }
    }
}

/// <summary>
/// While a recorder is installed (on the current async flow), the Verify methods record the programs they are given
/// instead of checking them: how the meta-tests collect every rule test's program as the test wrote it.
/// </summary>
public static class VerifyRecorder
{
    private static readonly AsyncLocal<List<(string[] Sources, TestReferences References)>?> Recording = new();

    public static bool TryRecord(string[] sources, TestReferences? references)
    {
        if (Recording.Value is not { } recorded)
        {
            return false;
        }

        lock (recorded)
        {
            recorded.Add((sources, references ?? TestReferences.McpSdk2));
        }

        return true;
    }

    /// <summary>Runs <paramref name="action"/> with recording on and returns what it recorded.</summary>
    public static async Task<List<(string[] Sources, TestReferences References)>> RecordAsync(Func<Task> action)
    {
        var recorded = new List<(string[] Sources, TestReferences References)>();
        Recording.Value = recorded;
        try
        {
            await action();
        }
        catch (Exception)
        {
            // a test whose own assertions need the real verification: what it recorded so far still counts
        }
        finally
        {
            Recording.Value = null;
        }

        return recorded;
    }
}
