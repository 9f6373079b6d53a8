using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;

namespace McpAnalyzers.Checklist;

/// <summary>One step of the security checklist and the rules that check it.</summary>
internal sealed record ChecklistStep(string Number, string Title, string Promise, ImmutableArray<string> Rules);

/// <summary>A finding as the report shows it.</summary>
internal sealed record Finding(string Id, string Severity, string Message, string File, int Line, int Column, string HelpLink);

/// <summary>The checklist of the README, each step mapped to its rules (RULES.md's step column).</summary>
internal static class ChecklistSteps
{
    public static readonly ImmutableArray<ChecklistStep> All = ImmutableArray.Create(
        new ChecklistStep("1", "Authentication", "every request to the MCP endpoint is authenticated; no anonymous bypass", ImmutableArray.Create("MCPSEC001", "MCPSEC002", "MCPSEC003")),
        new ChecklistStep("2", "Allowlists", "every tool input is validated: paths, SQL, commands, URLs", ImmutableArray.Create("MCPSEC010", "MCPSEC011", "MCPSEC012", "MCPSEC013", "MCPSEC014", "MCPSEC015")),
        new ChecklistStep("3", "Secrets", "no credentials in code or project files", ImmutableArray.Create("MCPSEC020", "MCPSEC021")),
        new ChecklistStep("4", "Rate limits", "per token, tighter for tools that change things", ImmutableArray.Create("MCPSEC030")),
        new ChecklistStep("5", "Audit", "every tool call is recorded (who, which tool, when, outcome)", ImmutableArray.Create("MCPSEC040")),
        new ChecklistStep("6", "Token rotation", "tokens expire (90 days at most), audience validated, never passed through", ImmutableArray.Create("MCPSEC050", "MCPSEC051", "MCPSEC052")),
        new ChecklistStep("7", "Network", "loopback unless deliberately exposed, Host/Origin validated, no legacy transports", ImmutableArray.Create("MCPSEC060", "MCPSEC061", "MCPSEC062", "MCPSEC063")),
        new ChecklistStep("+", "What the model sees", "no hidden instructions, nothing on stdout of a stdio server, annotations that tell the truth", ImmutableArray.Create("MCPSEC070", "MCPSEC071", "MCPSEC072")));

    public static ChecklistStep StepOf(string id) => All.FirstOrDefault(s => s.Rules.Contains(id)) ?? All[^1];
}

/// <summary>Writes the checklist as Markdown: each step ticked or not, with the findings behind it.</summary>
internal static class MarkdownReport
{
    public static string Write(string target, IReadOnlyList<Finding> findings, string baseDirectory)
    {
        var text = new StringBuilder();
        text.AppendLine("# MCP server security checklist");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Checked `{Path.GetFileName(target)}` with McpAnalyzers on {DateTime.UtcNow:yyyy-MM-dd} (UTC). A step is ticked when none of its rules reports anything; suggestions (info) do not untick a step.");
        text.AppendLine();
        foreach (var step in ChecklistSteps.All)
        {
            var blocking = findings.Where(f => step.Rules.Contains(f.Id) && f.Severity is "error" or "warning").ToList();
            var notes = findings.Where(f => step.Rules.Contains(f.Id) && f.Severity is not ("error" or "warning")).ToList();
            var box = blocking.Count == 0 ? "[x]" : "[ ]";
            var number = step.Number == "+" ? "Beyond the checklist:" : step.Number + ".";
            text.AppendLine(CultureInfo.InvariantCulture, $"- {box} {number} **{step.Title}**: {step.Promise}.");
            foreach (var finding in blocking.Concat(notes))
            {
                var file = Path.GetRelativePath(baseDirectory, finding.File).Replace('\\', '/');
                text.AppendLine(CultureInfo.InvariantCulture, $"  - `{file}:{finding.Line}` [{finding.Id}]({finding.HelpLink}) ({finding.Severity}): {finding.Message}");
            }
        }

        text.AppendLine();
        var failing = ChecklistSteps.All.Count(s => findings.Any(f => s.Rules.Contains(f.Id) && f.Severity is "error" or "warning"));
        text.AppendLine(failing == 0 ? "Every step passes." : string.Create(CultureInfo.InvariantCulture, $"{failing} of {ChecklistSteps.All.Length} steps fail."));
        return text.ToString();
    }
}
