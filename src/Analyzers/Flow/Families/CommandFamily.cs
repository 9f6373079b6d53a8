using System.Collections.Immutable;
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
