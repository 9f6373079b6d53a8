using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpAnalyzers.Checklist;

/// <summary>
/// One step of the security checklist and the rules that check it. <paramref name="HttpOnly"/>: the step is about the
/// HTTP endpoint (who may call it, how often, on which interfaces), so it does not apply to a stdio-only server.
/// </summary>
internal sealed record ChecklistStep(string Number, string Title, string Promise, ImmutableArray<string> Rules, bool HttpOnly = false)
{
    /// <summary>
    /// Failed when one of the step's rules reports an error or a warning (on a stdio-only server too: MCPSEC003 says an
    /// <c>[Authorize]</c> there protects nothing); otherwise not applicable for an HTTP step of a stdio-only server,
    /// and passed.
    /// </summary>
    public StepState StateIn(IReadOnlyList<Finding> findings, bool stdioOnly)
        => findings.Any(f => Rules.Contains(f.Id) && f.Severity is "error" or "warning") ? StepState.Failed
            : stdioOnly && HttpOnly ? StepState.NotApplicable
            : StepState.Passed;
}

/// <summary>How a step comes out on the checked server.</summary>
internal enum StepState
{
    /// <summary>None of the step's rules reports an error or a warning.</summary>
    Passed,

    /// <summary>A rule of the step reports an error or a warning.</summary>
    Failed,

    /// <summary>An HTTP step on a server that has only the stdio transport, and none of its rules reports anything that fails it.</summary>
    NotApplicable,
}

/// <summary>A finding as the report shows it.</summary>
internal sealed record Finding(string Id, string Severity, string Message, string File, int Line, int Column, string HelpLink);

/// <summary>
/// What the loaded projects say about the server as a whole: whether it has only the stdio transport, and the
/// projects that set it up (<c>AddMcpServer</c>, <c>MapMcp</c>) without referencing McpAnalyzers.
/// </summary>
internal sealed record ServerFacts(bool StdioOnly, ImmutableArray<string> SetupWithoutAnalyzers);

/// <summary>The checklist of the README, each step mapped to its rules (RULES.md's step column).</summary>
internal static class ChecklistSteps
{
    // HTTP only: 1 (the endpoint's authentication), 4 (MCPSEC030 judges the limits of MapMcp endpoints, per token),
    // 7 (the interfaces Kestrel binds, Host/Origin, the HTTP+SSE transport). Steps 2, 3, 5, 6 and "+" apply to
    // every server: tool inputs, secrets, the audit of tool calls, and tokens the server mints or forwards.
    public static readonly ImmutableArray<ChecklistStep> All = ImmutableArray.Create(
        new ChecklistStep("1", "Authentication", "every request to the MCP endpoint is authenticated; no anonymous bypass", ImmutableArray.Create("MCPSEC001", "MCPSEC002", "MCPSEC003"), HttpOnly: true),
        new ChecklistStep("2", "Allowlists", "every tool input is validated: paths, SQL, commands, URLs", ImmutableArray.Create("MCPSEC010", "MCPSEC011", "MCPSEC012", "MCPSEC013", "MCPSEC014", "MCPSEC015")),
        new ChecklistStep("3", "Secrets", "no credentials in code or project files", ImmutableArray.Create("MCPSEC020", "MCPSEC021")),
        new ChecklistStep("4", "Rate limits", "per token, tighter for tools that change things", ImmutableArray.Create("MCPSEC030"), HttpOnly: true),
        new ChecklistStep("5", "Audit", "every tool call is recorded (who, which tool, when, outcome)", ImmutableArray.Create("MCPSEC040")),
        new ChecklistStep("6", "Token rotation", "tokens expire (90 days at most), audience validated, never passed through", ImmutableArray.Create("MCPSEC050", "MCPSEC051", "MCPSEC052")),
        new ChecklistStep("7", "Network", "loopback unless deliberately exposed, Host/Origin validated, no legacy transports", ImmutableArray.Create("MCPSEC060", "MCPSEC061", "MCPSEC062", "MCPSEC063"), HttpOnly: true),
        new ChecklistStep("+", "What the model sees", "no hidden instructions, nothing on stdout of a stdio server, annotations that tell the truth", ImmutableArray.Create("MCPSEC070", "MCPSEC071", "MCPSEC072")));

    public static ChecklistStep StepOf(string id) => All.FirstOrDefault(s => s.Rules.Contains(id)) ?? All[^1];
}

/// <summary>Writes the checklist as Markdown: each step ticked, unticked or not applicable, with the findings behind it.</summary>
internal static class MarkdownReport
{
    public static string Write(string target, IReadOnlyList<Finding> findings, string baseDirectory, ServerFacts server)
    {
        var text = new StringBuilder();
        text.AppendLine("# MCP server security checklist");
        text.AppendLine();
        var states = ChecklistSteps.All.Select(s => s.StateIn(findings, server.StdioOnly)).ToList();
        text.Append(CultureInfo.InvariantCulture, $"Checked `{Path.GetFileName(target)}` with McpAnalyzers on {DateTime.UtcNow:yyyy-MM-dd} (UTC). A step is ticked when none of its rules reports anything; suggestions (info) do not untick a step.");
        text.AppendLine(states.Contains(StepState.NotApplicable)
            ? " The server has only the stdio transport (no HTTP transport, no MapMcp endpoint): the steps about the HTTP endpoint do not apply to it, and are counted apart."
            : string.Empty);
        text.AppendLine();
        foreach (var (step, state) in ChecklistSteps.All.Zip(states))
        {
            var blocking = findings.Where(f => step.Rules.Contains(f.Id) && f.Severity is "error" or "warning").ToList();
            var notes = findings.Where(f => step.Rules.Contains(f.Id) && f.Severity is not ("error" or "warning")).ToList();
            var number = step.Number == "+" ? "Beyond the checklist:" : step.Number + ".";
            text.AppendLine(state == StepState.NotApplicable
                ? string.Create(CultureInfo.InvariantCulture, $"- n/a {number} **{step.Title}** ({step.Promise}): not applicable (stdio only).")
                : string.Create(CultureInfo.InvariantCulture, $"- {(state == StepState.Failed ? "[ ]" : "[x]")} {number} **{step.Title}**: {step.Promise}."));
            foreach (var finding in blocking.Concat(notes))
            {
                var file = Path.GetRelativePath(baseDirectory, finding.File).Replace('\\', '/');
                text.AppendLine(CultureInfo.InvariantCulture, $"  - `{file}:{finding.Line}` [{finding.Id}]({finding.HelpLink}) ({finding.Severity}): {finding.Message}");
            }
        }

        text.AppendLine();
        var failing = states.Count(s => s == StepState.Failed);
        var passing = states.Count(s => s == StepState.Passed);
        var notApplicable = states.Count(s => s == StepState.NotApplicable);
        text.AppendLine((failing, notApplicable) switch
        {
            (0, 0) => "Every step passes.",
            (_, 0) => string.Create(CultureInfo.InvariantCulture, $"{failing} of {states.Count} steps fail."),
            (0, _) => string.Create(CultureInfo.InvariantCulture, $"Every step that applies passes: {passing} passed, {notApplicable} not applicable (stdio only)."),
            _ => string.Create(CultureInfo.InvariantCulture, $"{failing} of {failing + passing} applicable steps fail: {passing} passed, {failing} failed, {notApplicable} not applicable (stdio only)."),
        });

        if (!server.SetupWithoutAnalyzers.IsEmpty)
        {
            var projects = string.Join(", ", server.SetupWithoutAnalyzers.Select(p => "`" + p + "`"));
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Note: {projects} {(server.SetupWithoutAnalyzers.Length == 1 ? "sets" : "set")} up the MCP server (`AddMcpServer`, `MapMcp`) without referencing McpAnalyzers, so {(server.SetupWithoutAnalyzers.Length == 1 ? "its build does" : "their builds do")} not report these findings: the rules, the endpoint rules among them, run only in projects that reference McpAnalyzers. Install it for the whole solution from `Directory.Build.props`: `<ItemGroup><PackageReference Include=\"McpAnalyzers\" Version=\"...\" PrivateAssets=\"all\" /></ItemGroup>`.");
        }

        return text.ToString();
    }
}

/// <summary>The MCP SDK calls of one project that tell how its server is reached, and whether it sets one up.</summary>
internal sealed record McpCalls(bool Http, bool Stdio, bool OtherTransport, bool SetsUpServer)
{
    /// <summary>
    /// Finds <c>MapMcp</c> and <c>AddMcpServer</c>, the <c>With...Transport()</c> calls of the server builder and the
    /// <c>new ...ServerTransport(...)</c> of the SDK's lower-level API. A call whose method does not resolve (the project
    /// has compiler errors) counts by its name alone; one that resolves counts when the MCP SDK declares it.
    /// </summary>
    public static McpCalls Of(Compilation compilation, CancellationToken cancellationToken = default)
    {
        bool http = false, stdio = false, other = false, setup = false;
        foreach (var tree in compilation.SyntaxTrees)
        {
            SemanticModel? model = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                var name = node switch
                {
                    InvocationExpressionSyntax invocation => InvokedName(invocation.Expression),
                    ObjectCreationExpressionSyntax creation => CreatedTypeName(creation.Type),
                    _ => null,
                };
                if (name is null || !IsServerCall(node, name))
                {
                    continue;
                }

                model ??= compilation.GetSemanticModel(tree);
                var info = model.GetSymbolInfo(node, cancellationToken);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                if (symbol is not null && symbol.ContainingAssembly?.Name.StartsWith("ModelContextProtocol", StringComparison.Ordinal) != true)
                {
                    continue;
                }

                if (name is "MapMcp" or "AddMcpServer")
                {
                    http |= name == "MapMcp";
                    setup = true;
                }
                else if (name.Contains("Stdio", StringComparison.Ordinal))
                {
                    stdio = true;
                }
                else if (name.Contains("Http", StringComparison.Ordinal) || name.Contains("Sse", StringComparison.Ordinal))
                {
                    http = true;
                }
                else
                {
                    other = true; // WithStreamServerTransport(): a stream can be a socket
                }
            }
        }

        return new McpCalls(http, stdio, other, setup);
    }

    private static bool IsServerCall(SyntaxNode node, string name) => node is InvocationExpressionSyntax
        ? name is "MapMcp" or "AddMcpServer" || (name.StartsWith("With", StringComparison.Ordinal) && name.EndsWith("Transport", StringComparison.Ordinal))
        : name.EndsWith("ServerTransport", StringComparison.Ordinal);

    private static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    private static string? CreatedTypeName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };
}

/// <summary>
/// The warnings <c>dotnet restore</c> printed (NuGet's NU1603 and the like). MSBuildWorkspace replays them while it
/// loads the projects as "Msbuild failed when processing the file" diagnostics of kind Failure, with no severity: a
/// load diagnostic whose text is one of these warnings is a warning, not a failure.
/// </summary>
internal static partial class RestoreOutput
{
    public static IReadOnlyList<(string Code, string Message)> Warnings(string output)
        => WarningLine().Matches(output).Select(m => (m.Groups["code"].Value, m.Groups["message"].Value.Trim())).Distinct().ToList();

    // "/path/App.csproj : warning NU1603: App depends on X (>= 1.0.0) but X 1.0.0 was not found. ... [/path/App.sln]"
    [GeneratedRegex(@"^.*?:\s*warning\s+(?<code>[A-Za-z]+[0-9]+)\s*:\s*(?<message>[^\r\n]*?)(?:\s+\[[^\]\r\n]*\])?\s*$", RegexOptions.Multiline)]
    private static partial Regex WarningLine();
}
