using System;
using System.Collections.Immutable;
using McpAnalyzers.Model;
using McpAnalyzers.ProjectFiles;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC060: the server listens on every interface: wildcard hosts in URLs given to Kestrel (code, command
/// line, <c>launchSettings.json</c>, <c>appsettings*.json</c>, <c>.env</c>), <c>ListenAnyIP</c>, <c>Listen(IPAddress.Any)</c>.
/// Applies to every project that installs the package, MCP SDK or not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ListenOnAllInterfacesAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: how the fixer rewrites the finding.</summary>
    public const string FixKey = "Fix";
    public const string FixLiteral = "Literal";
    public const string FixListenLocalhost = "ListenLocalhost";
    public const string FixLoopbackField = "LoopbackField";
    public const string HostKey = "Host";
    public const string ReplacementKey = "Replacement";

    private static readonly string[] UrlEnvironmentVariables = { "ASPNETCORE_URLS", "DOTNET_URLS" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC060);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, mcp.Symbols), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, mcp.Symbols), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(AnalyzeArrayInitializer, OperationKind.ArrayInitializer);
            start.RegisterAdditionalFileAction(AnalyzeProjectFile);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, McpSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "UseUrls" when symbols.IsType(method.ContainingType, symbols.WebHostBuilderExtensions):
                foreach (var argument in invocation.Arguments)
                {
                    if (OperationExtensions.Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } urls })
                    {
                        foreach (var url in urls.ElementValues)
                        {
                            CheckUrls(context, url, "UseUrls");
                        }
                    }
                    else if (argument.Parameter is { IsParams: false } || argument.Value.Type?.SpecialType == SpecialType.System_String)
                    {
                        CheckUrls(context, argument.Value, "UseUrls");
                    }
                }

                break;

            case "Run" or "RunAsync" or "StartAsync" when McpSymbols.InheritsFromOrEquals(method.ContainingType, symbols.WebApplication):
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Name == "url" && argument.ArgumentKind != ArgumentKind.DefaultValue)
                    {
                        CheckUrls(context, argument.Value, "app." + method.Name + "(url)");
                    }
                }

                break;

            case "Add" when invocation.Instance is { } instance && IsServerUrlCollection(OperationExtensions.Unwrap(instance), symbols) && invocation.Arguments.Length == 1:
                CheckUrls(context, invocation.Arguments[0].Value, "Urls.Add");
                break;

            case "UseSetting" when invocation.Arguments.Length >= 2 && IsUrlsKey(invocation.Arguments[invocation.Arguments.Length - 2].Value):
                CheckUrls(context, invocation.Arguments[invocation.Arguments.Length - 1].Value, "UseSetting(\"urls\")");
                break;

            case "SetEnvironmentVariable" when symbols.IsType(method.ContainingType, symbols.Environment)
                                               && invocation.Arguments.Length >= 2
                                               && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string variable }
                                               && IsUrlVariable(variable):
                CheckUrls(context, invocation.Arguments[1].Value, variable);
                break;

            case "ListenAnyIP" when symbols.IsType(method.ContainingType, symbols.KestrelServerOptions):
                Report(context, invocation.Syntax.GetLocation(), "ListenAnyIP", ImmutableDictionary<string, string?>.Empty.Add(FixKey, FixListenLocalhost));
                break;

            case "Listen" when symbols.IsType(method.ContainingType, symbols.KestrelServerOptions) && invocation.Arguments.Length > 0:
                CheckListenAddress(context, invocation, symbols);
                break;
        }
    }

    private static void CheckListenAddress(OperationAnalysisContext context, IInvocationOperation listen, McpSymbols symbols)
    {
        var address = OperationExtensions.Unwrap(listen.Arguments[0].Value);
        if (address is IObjectCreationOperation creation && symbols.IsType(creation.Type, symbols.IPEndPoint) && creation.Arguments.Length > 0)
        {
            address = OperationExtensions.Unwrap(creation.Arguments[0].Value);
        }

        if (address is ILocalReferenceOperation local && OperationExtensions.SingleAssignment(local) is { } assigned)
        {
            address = OperationExtensions.Unwrap(assigned);
        }

        if (address is IFieldReferenceOperation { Field: { Name: "Any" or "IPv6Any", IsStatic: true } field }
            && symbols.IsType(field.ContainingType, symbols.IPAddress))
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(FixKey, FixLoopbackField)
                .Add(ReplacementKey, field.Name == "Any" ? "Loopback" : "IPv6Loopback");
            Report(context, listen.Syntax.GetLocation(), "Listen(IPAddress." + field.Name + ")", properties, address.Syntax.GetLocation());
            return;
        }

        if (address is IInvocationOperation { TargetMethod.Name: "Parse" or "TryParse" } parse
            && symbols.IsType(parse.TargetMethod.ContainingType, symbols.IPAddress)
            && parse.Arguments.Length > 0
            && OperationExtensions.Unwrap(parse.Arguments[0].Value) is { ConstantValue: { HasValue: true, Value: string text } } literal
            && ListenAddresses.IsAnyAddress(text))
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(FixKey, FixLiteral)
                .Add(HostKey, text)
                .Add(ReplacementKey, text.Contains(":") ? "::1" : "127.0.0.1");
            var additional = literal is ILiteralOperation ? new[] { literal.Syntax.GetLocation() } : Array.Empty<Location>();
            Report(context, listen.Syntax.GetLocation(), "Listen(IPAddress.Parse(\"" + text + "\"))", properties, additional);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, McpSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer
            && McpSymbols.Implements(indexer.Property.ContainingType, symbols.Configuration)
            && IsUrlsKey(indexer.Arguments[0].Value))
        {
            CheckUrls(context, assignment.Value, "configuration[\"urls\"]");
        }
    }

    /// <summary>Command-line style arguments in code: <c>new[] { "--urls", "http://0.0.0.0:5000" }</c>.</summary>
    private static void AnalyzeArrayInitializer(OperationAnalysisContext context)
    {
        var initializer = (IArrayInitializerOperation)context.Operation;
        var elements = initializer.ElementValues;
        for (var i = 0; i < elements.Length; i++)
        {
            if (elements[i].ConstantValue is not { HasValue: true, Value: string text })
            {
                continue;
            }

            if (string.Equals(text, "--urls", StringComparison.OrdinalIgnoreCase) && i + 1 < elements.Length)
            {
                CheckUrls(context, elements[i + 1], "--urls");
            }
            else if (text.StartsWith("--urls=", StringComparison.OrdinalIgnoreCase))
            {
                CheckUrls(context, elements[i], "--urls");
            }
        }
    }

    private static void CheckUrls(OperationAnalysisContext context, IOperation value, string where)
    {
        var shape = StringShape.Of(value);
        var rendered = shape.Render(ListenAddresses.Hole);
        var hosts = ListenAddresses.Find(rendered);
        if (hosts.Count == 0)
        {
            return;
        }

        var host = hosts[0];
        var properties = ImmutableDictionary<string, string?>.Empty;
        var additional = Array.Empty<Location>();
        if (shape.SegmentAt(host.Index, out _) is { Literal: { } literal })
        {
            properties = properties.Add(FixKey, FixLiteral).Add(HostKey, host.Host).Add(ReplacementKey, host.Loopback);
            additional = new[] { literal.GetLocation() };
        }

        var shown = rendered.Replace(ListenAddresses.Hole, '…');
        Report(context, value.Syntax.GetLocation(), "'" + shown + "' (" + where + ")", properties, additional);
    }

    private static void Report(OperationAnalysisContext context, Location location, string what, ImmutableDictionary<string, string?> properties, params Location[] additional)
        => context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC060, location, additional, properties, what));

    private static bool IsServerUrlCollection(IOperation instance, McpSymbols symbols)
        => instance is IPropertyReferenceOperation { Property: { } property }
           && ((property.Name == "Urls" && McpSymbols.InheritsFromOrEquals(property.ContainingType, symbols.WebApplication))
               || (property.Name == "Addresses" && property.ContainingType.IsType("Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature")));

    private static bool IsUrlsKey(IOperation key)
        => key.ConstantValue is { HasValue: true, Value: string text } && string.Equals(text, "urls", StringComparison.OrdinalIgnoreCase);

    private static bool IsUrlVariable(string name)
    {
        foreach (var variable in UrlEnvironmentVariables)
        {
            if (string.Equals(variable, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void AnalyzeProjectFile(AdditionalFileAnalysisContext context)
    {
        var file = ProjectFile.Get(context.AdditionalFile, context.CancellationToken);
        if (file is null)
        {
            return;
        }

        foreach (var entry in file.Entries)
        {
            if (!IsListenSetting(file.Kind, entry, out var isCommandLine))
            {
                continue;
            }

            var value = entry.Value;
            if (isCommandLine)
            {
                var index = value.IndexOf("--urls", StringComparison.OrdinalIgnoreCase);
                if (index < 0)
                {
                    continue;
                }

                value = value.Substring(index + 6).TrimStart('=', ' ', '"');
                var end = value.IndexOfAny(new[] { ' ', '"' });
                value = end < 0 ? value : value.Substring(0, end);
            }

            if (ListenAddresses.Find(value).Count > 0)
            {
                var fileName = System.IO.Path.GetFileName(context.AdditionalFile.Path);
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MCPSEC060,
                    file.GetLocation(entry.Span),
                    "'" + value + "' (" + entry.Key + " in " + fileName + ")"));
            }
        }
    }

    private static bool IsListenSetting(ProjectFileKind kind, ConfigEntry entry, out bool isCommandLine)
    {
        isCommandLine = false;
        var key = entry.Key;
        var segments = key.Split(':');
        switch (kind)
        {
            case ProjectFileKind.LaunchSettings:
                if (segments.Length == 3 && Is(segments[0], "profiles") && Is(segments[2], "applicationUrl"))
                {
                    return true;
                }

                if (segments.Length == 3 && Is(segments[0], "profiles") && Is(segments[2], "commandLineArgs"))
                {
                    isCommandLine = true;
                    return true;
                }

                return segments.Length == 4 && Is(segments[0], "profiles") && Is(segments[2], "environmentVariables") && IsUrlVariable(segments[3]);

            case ProjectFileKind.AppSettings:
                return (segments.Length == 1 && Is(segments[0], "urls"))
                       || (segments.Length == 4 && Is(segments[0], "Kestrel") && Is(segments[1], "Endpoints") && Is(segments[3], "Url"));

            case ProjectFileKind.DotEnv:
                return segments.Length == 1 && IsUrlVariable(segments[0]);

            default:
                return false;
        }
    }

    private static bool Is(string segment, string expected) => string.Equals(segment, expected, StringComparison.OrdinalIgnoreCase);
}
