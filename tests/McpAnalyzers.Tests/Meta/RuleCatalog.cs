using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using McpAnalyzers.CodeFixes.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Tests.Meta;

/// <summary>Every analyzer, descriptor and fixer the package ships, found by reflection.</summary>
public static class RuleCatalog
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(RuleIdentifiers).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static readonly ImmutableArray<CodeFixProvider> CodeFixes = typeof(ListenOnAllInterfacesCodeFix).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static readonly ImmutableArray<DiagnosticDescriptor> Descriptors = Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .Select(g => g.First())
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static bool HasFix(string id) => CodeFixes.Any(f => f.FixableDiagnosticIds.Contains(id));

    public static string SeverityName(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "Error",
        DiagnosticSeverity.Warning => "Warning",
        DiagnosticSeverity.Info => "Info",
        _ => "Hidden",
    };

    /// <summary>The README's rule table, generated from the descriptors.</summary>
    public static string ReadmeTable()
    {
        var builder = new StringBuilder();
        builder.Append("| ID | Title | Severity | Code fix |\n");
        builder.Append("|---|---|---|---|\n");
        foreach (var descriptor in Descriptors)
        {
            builder.Append($"| [{descriptor.Id}](docs/rules/{descriptor.Id}.md) | {descriptor.Title} | {SeverityName(descriptor.DefaultSeverity)} | {(HasFix(descriptor.Id) ? "yes" : "no")} |\n");
        }

        return builder.ToString();
    }
}
