using System;
using System.Collections.Immutable;
using McpAnalyzers.Model;
using McpAnalyzers.ProjectFiles;
using McpAnalyzers.Secrets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC021: a secret in <c>appsettings*.json</c>, <c>.env*</c> or <c>Properties/launchSettings.json</c>:
/// credential-format values, connection strings with a password, non-empty secret-named keys. Reported at the
/// line of the file that holds the value. Applies to every project; test projects only when asked.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretInProjectFileAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC021);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (!TestProjects.ShouldSkip(start.Compilation, mcp.Options, RuleIdentifiers.SecretInProjectFile))
            {
                start.RegisterAdditionalFileAction(Analyze);
            }
        });
    }

    private static void Analyze(AdditionalFileAnalysisContext context)
    {
        var file = ProjectFile.Get(context.AdditionalFile, context.CancellationToken);
        if (file is null)
        {
            return;
        }

        var fileName = System.IO.Path.GetFileName(context.AdditionalFile.Path);
        foreach (var entry in file.Entries)
        {
            if (Classify(entry) is not { } what)
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC021, file.GetLocation(entry.Span), entry.Key, fileName, what, SecretRules.Redact(entry.Value)));
        }
    }

    internal static string? Classify(ConfigEntry entry)
    {
        var value = entry.Value;
        if (value.Length < 4 || SecretRules.IsPlaceholder(value))
        {
            return null;
        }

        if (CredentialFormats.Find(value) is { } format)
        {
            return "a " + format.Kind;
        }

        var inConnectionStrings = entry.Key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase);
        var kind = SecretRules.Classify(entry.Name);
        if ((inConnectionStrings || kind == SecretRules.NameKind.ConnectionString || value.IndexOf(';') >= 0) && SecretRules.ConnectionStringSecret(value) is { } key)
        {
            return "a connection string with a literal " + key;
        }

        return kind is SecretRules.NameKind.Password or SecretRules.NameKind.Secret && SecretRules.IsSecretValue(kind, value)
            ? (kind == SecretRules.NameKind.Password ? "a password" : "a secret")
            : null;
    }
}
