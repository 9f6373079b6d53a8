namespace McpAnalyzers.Tests.Infrastructure;

/// <summary>The two places the README says to write an <c>mcpsec.*</c> option.</summary>
public enum OptionFile
{
    /// <summary>A <c>[*.cs]</c> section of <c>/.editorconfig</c>.</summary>
    EditorConfig,

    /// <summary>A <c>/.globalconfig</c> with <c>is_global = true</c>.</summary>
    GlobalConfig,
}

/// <summary>Analyzer config files for option tests: <c>test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(...))</c>.</summary>
public static class OptionFiles
{
    /// <summary>The file that sets <paramref name="settings"/> (<c>key = value</c> lines) in the given form.</summary>
    public static (string Path, string Text) Of(OptionFile file, params string[] settings) => file switch
    {
        OptionFile.EditorConfig => EditorConfigSection("*.cs", settings),
        _ => ("/.globalconfig", "is_global = true\n" + string.Join("\n", settings) + "\n"),
    };

    /// <summary>A root <c>/.editorconfig</c> that sets <paramref name="settings"/> in the section <c>[<paramref name="glob"/>]</c> only.</summary>
    public static (string Path, string Text) EditorConfigSection(string glob, params string[] settings)
        => ("/.editorconfig", "root = true\n\n[" + glob + "]\n" + string.Join("\n", settings) + "\n");
}
