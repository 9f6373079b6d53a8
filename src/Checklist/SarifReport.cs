using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace McpAnalyzers.Checklist;

/// <summary>SARIF 2.1.0 for code scanning: our rules with their metadata and help links, and the findings.</summary>
internal static class SarifReport
{
    public static string Write(IEnumerable<DiagnosticDescriptor> descriptors, IReadOnlyList<Finding> findings, string baseDirectory)
    {
        var rules = descriptors.GroupBy(d => d.Id).Select(g => g.First()).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var document = new Dictionary<string, object?>
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["tool"] = new Dictionary<string, object?>
                    {
                        ["driver"] = new Dictionary<string, object?>
                        {
                            ["name"] = "McpAnalyzers",
                            ["informationUri"] = "https://github.com/mcpanalyzers/mcpanalyzers",
                            ["rules"] = rules.Select(d => new Dictionary<string, object?>
                            {
                                ["id"] = d.Id,
                                ["shortDescription"] = new { text = d.Title.ToString() },
                                ["fullDescription"] = new { text = d.Description.ToString() },
                                ["helpUri"] = d.HelpLinkUri,
                                ["defaultConfiguration"] = new { level = Level(d.DefaultSeverity.ToString().ToLowerInvariant()) },
                                ["properties"] = new { category = d.Category, checklistStep = ChecklistSteps.StepOf(d.Id).Title },
                            }).ToArray(),
                        },
                    },
                    ["results"] = findings.Select(f => new Dictionary<string, object?>
                    {
                        ["ruleId"] = f.Id,
                        ["level"] = Level(f.Severity),
                        ["message"] = new { text = f.Message },
                        ["locations"] = new[]
                        {
                            new
                            {
                                physicalLocation = new
                                {
                                    artifactLocation = new { uri = Path.GetRelativePath(baseDirectory, f.File).Replace('\\', '/') },
                                    region = new { startLine = f.Line, startColumn = f.Column },
                                },
                            },
                        },
                    }).ToArray(),
                },
            },
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Level(string severity) => severity switch
    {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    };
}
