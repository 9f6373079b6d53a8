using System.Collections.Immutable;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using static McpAnalyzers.Flow.FamilySpec;

namespace McpAnalyzers.Flow;

/// <summary>
/// Processes and code (MCPSEC012): what starts a program or runs C# text, and what makes a value safe to give it:
/// <c>CommandGuard</c> (an allowlisted executable, one argument that cannot become an option), an anchored allowlist
/// regex, a constant comparison or a fixed allowlist (<see cref="CommonGuards"/>). An element of
/// <c>ProcessStartInfo.ArgumentList</c> is one argument (no shell splitting) but still an option when it starts with
/// '-', unless a literal <c>--</c> comes before it; the same holds for the elements of an argument array given to
/// <c>Process.Start</c>.
/// </summary>
internal static class CommandFamily
{
    /// <summary>
    /// Environment variables that make a started program load or run other code: the dynamic loader, interpreter
    /// start-up hooks, git's ssh command, the .NET startup hooks and profilers, PATH. Tool input in the value of one of
    /// these, or choosing the name of any variable, runs code (MCPSEC012).
    /// </summary>
    public static ImmutableHashSet<string> CodeLoadingVariables { get; } = ImmutableHashSet.Create(
        System.StringComparer.OrdinalIgnoreCase,
        "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "DYLD_INSERT_LIBRARIES", "DYLD_LIBRARY_PATH", "PATH", "NODE_OPTIONS",
        "NODE_PATH", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "PERL5OPT", "PERL5LIB", "RUBYOPT", "RUBYLIB", "BASH_ENV",
        "ENV", "PROMPT_COMMAND", "GIT_SSH_COMMAND", "GIT_SSH", "GIT_EXEC_PATH", "GIT_CONFIG_PARAMETERS", "GIT_ASKPASS",
        "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "DOTNET_STARTUP_HOOKS", "COR_ENABLE_PROFILING", "COR_PROFILER",
        "COR_PROFILER_PATH", "CORECLR_ENABLE_PROFILING", "CORECLR_PROFILER", "CORECLR_PROFILER_PATH", "PSModulePath",
        "COMSPEC", "SHELL", "EDITOR", "PAGER", "GIT_PAGER", "LESSOPEN");

    /// <summary>The environment of a started process: <c>ProcessStartInfo.Environment</c> and <c>EnvironmentVariables</c>.</summary>
    public static bool IsProcessEnvironment(IPropertySymbol property)
        => property.Name is "Environment" or "EnvironmentVariables" && property.ContainingType.IsType("System.Diagnostics.ProcessStartInfo");

    private static readonly ImmutableHashSet<string> CommandParameters = Names("fileName", "arguments");

    public static FamilySpec Spec { get; } = new(
        "commands and code",
        SinkFamily.Command | SinkFamily.Code,
        ImmutableArray.Create(
            new SinkDefinition("System.Diagnostics.Process", "Start", SinkKind.Method, SinkFamily.Command, CommandParameters),
            new SinkDefinition("System.Diagnostics.ProcessStartInfo", ".ctor", SinkKind.Constructor, SinkFamily.Command, CommandParameters),
            new SinkDefinition("System.Diagnostics.ProcessStartInfo", "FileName", SinkKind.PropertySet, SinkFamily.Command),
            new SinkDefinition("System.Diagnostics.ProcessStartInfo", "Arguments", SinkKind.PropertySet, SinkFamily.Command),
            new SinkDefinition("Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript", "*", SinkKind.Method, SinkFamily.Code, Names("code"))),
        ImmutableArray.Create(
            new SanitizerDefinition("McpAnalyzers.Runtime.CommandGuard", "Executable", SinkFamily.Command),
            new SanitizerDefinition("McpAnalyzers.Runtime.CommandGuard", "Argument", SinkFamily.Command),
            new SanitizerDefinition("McpAnalyzers.Runtime.CommandGuard", "InlineArgument", SinkFamily.Command),
            new SanitizerDefinition("McpAnalyzers.Runtime.CommandGuard", "CreateStartInfo", SinkFamily.Command),
            new SanitizerDefinition("System.Uri", "EscapeDataString", SinkFamily.Command)),
        ImmutableArray.Create(
            new GuardDefinition("System.Text.RegularExpressions.Regex", "IsMatch", GuardRole.AnchoredPatternTest, SinkFamily.Command | SinkFamily.Code)),
        ImmutableArray.Create(
            new ElementSinkDefinition("System.Diagnostics.ProcessStartInfo", "ArgumentList", Names("Add", "Insert"), SinkFamily.Command)));
}
