using System.Collections.Immutable;
using McpAnalyzers.Flow;
using McpAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC013: tool input chooses where the server connects: the URL of an HTTP request (HttpClient,
/// HttpRequestMessage, WebClient, a relative URI resolved on a base) or a database connection string, with no
/// URL guard. Input confined to the path or query of a constant host is safe. Reported at the value.
/// Its sinks, sanitizers and guards: <see cref="Flow.UrlFamily"/> (and <see cref="Flow.CommonGuards"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ServerSideRequestForgeryAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: Url or ConnectionString, for the fix.</summary>
    public const string TargetKey = "Target";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC013);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
            FlowEntryPoints.RegisterSinkRule(start, McpCompilationContext.Get(start.Compilation, start.Options), SinkFamily.Url, (hit, location) =>
            {
                // the database on a fixed server: no host to check, so no UrlGuard fix (an allowlist of databases is the remedy)
                if (IsDatabaseChoice(hit.SinkName))
                {
                    var database = ImmutableDictionary<string, string?>.Empty.Add(TargetKey, "Database");
                    return Diagnostic.Create(DiagnosticDescriptors.MCPSEC013, location, database, FlowEntryPoints.OriginName(hit.Taint), hit.SinkName, "database");
                }

                var connection = IsConnectionSink(hit.SinkName);
                var properties = ImmutableDictionary<string, string?>.Empty.Add(TargetKey, connection ? "ConnectionString" : "Url");
                return Diagnostic.Create(DiagnosticDescriptors.MCPSEC013, location, properties, FlowEntryPoints.OriginName(hit.Taint), hit.SinkName, connection ? "database server" : "host");
            }));
    }

    private static bool IsDatabaseChoice(string sinkName)
        => sinkName.Contains("ChangeDatabase") || sinkName.EndsWith("ConnectionStringBuilder.Database", System.StringComparison.Ordinal)
           || sinkName.EndsWith("ConnectionStringBuilder.InitialCatalog", System.StringComparison.Ordinal);

    private static bool IsConnectionSink(string sinkName)
        => sinkName.EndsWith("Connection", System.StringComparison.Ordinal) || sinkName.EndsWith(".ConnectionString", System.StringComparison.Ordinal)
           || sinkName.Contains("DataSource") || sinkName.Contains("ConnectionStringBuilder");
}
