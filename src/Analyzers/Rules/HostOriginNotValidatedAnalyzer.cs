using System;
using System.Collections.Immutable;
using McpAnalyzers.Model;
using McpAnalyzers.ProjectFiles;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Rules;

/// <summary>
/// MCPSEC061: an HTTP MCP endpoint without Host/Origin validation: <c>AllowedHosts</c> is <c>*</c> or absent (in
/// <c>appsettings*.json</c> and code) and no Origin check is installed (the runtime middleware, or middleware that
/// reads the Origin header); or a CORS policy that allows any origin applies to the endpoint. Reported at <c>MapMcp</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HostOriginNotValidatedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the fix can insert the runtime validation.</summary>
    public const string InsertValidationKey = "InsertValidation";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DiagnosticDescriptors.MCPSEC061);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var mcp = McpCompilationContext.Get(start.Compilation, start.Options);
            if (!mcp.Symbols.HasHttpTransport)
            {
                return;
            }

            var hostsRestricted = new Lazy<bool>(() => AllowedHostsRestricted(start.Options, mcp));
            start.RegisterOperationAction(c => Analyze(c, mcp, hostsRestricted), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, McpCompilationContext mcp, Lazy<bool> hostsRestricted)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!mcp.Symbols.IsMapMcp(invocation.TargetMethod))
        {
            return;
        }

        var endpoint = McpEndpoint.Create(invocation, context.CancellationToken);
        if (AnyOriginCors(endpoint, mcp) is { } cors)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MCPSEC061, invocation.Syntax.GetLocation(), cors));
            return;
        }

        if (hostsRestricted.Value)
        {
            return;
        }

        string? condition = null;
        foreach (var middleware in mcp.Servers.Middleware)
        {
            if (ChecksOrigin(middleware))
            {
                if (Conditions.Guarding(middleware) is not { } guard)
                {
                    return;
                }

                condition ??= guard;
            }
        }

        if (condition is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MCPSEC061,
                invocation.Syntax.GetLocation(),
                $"Host/Origin validation is installed only when '{condition}' and AllowedHosts is '*' or absent; install it unconditionally"));
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.MCPSEC061,
            invocation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(InsertValidationKey, "true"),
            mcp.Symbols.Companions.HasAspNetCore
                ? "AllowedHosts is '*' or absent and no Origin check is installed (app.UseMcpOriginValidation())"
                : $"AllowedHosts is '*' or absent and no Origin check is installed (restrict AllowedHosts, or add the {Companions.AspNetCorePackage} package and app.UseMcpOriginValidation())"));
    }

    /// <summary><c>AllowedHosts</c> set to specific hosts in an appsettings file, or in code.</summary>
    private static bool AllowedHostsRestricted(AnalyzerOptions options, McpCompilationContext mcp)
    {
        foreach (var value in mcp.Servers.AllowedHostsSettings)
        {
            if (HostsOf(value) is { } hosts && Restricts(hosts))
            {
                return true;
            }
        }

        foreach (var file in options.AdditionalFiles)
        {
            if (ProjectFile.Get(file, default) is { Kind: ProjectFileKind.AppSettings } settings)
            {
                foreach (var entry in settings.Entries)
                {
                    if (string.Equals(entry.Key, "AllowedHosts", StringComparison.OrdinalIgnoreCase) && Restricts(entry.Value))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The hosts a constant string or an array/collection of constant strings names, ';'-joined.</summary>
    private static string? HostsOf(IOperation value)
    {
        value = OperationExtensions.Unwrap(value);
        if (value.ConstantValue.Value is string text)
        {
            return text;
        }

        var hosts = new System.Collections.Generic.List<string>();
        foreach (var node in value.Descendants())
        {
            if (node is ILiteralOperation { ConstantValue.Value: string host })
            {
                hosts.Add(host);
            }
        }

        return hosts.Count == 0 ? null : string.Join(";", hosts);
    }

    private static bool Restricts(string hosts)
    {
        foreach (var host in hosts.Split(';'))
        {
            var trimmed = host.Trim();
            if (trimmed.Length == 0 || trimmed == "*")
            {
                return false;
            }
        }

        return hosts.Trim().Length > 0;
    }

    /// <summary>The runtime validation, or middleware whose code reads the Origin header.</summary>
    private static bool ChecksOrigin(IInvocationOperation use)
    {
        if (Companions.IsAspNetCoreCall(use.TargetMethod, "UseMcpOriginValidation"))
        {
            return true;
        }

        if (use.TargetMethod.Name is not ("Use" or "UseWhen" or "UseMiddleware"))
        {
            return false;
        }

        if (use.TargetMethod.Name == "UseMiddleware" && use.TargetMethod.TypeArguments.Length == 1)
        {
            foreach (var member in use.TargetMethod.TypeArguments[0].GetMembers())
            {
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    foreach (var token in reference.GetSyntax().DescendantTokens())
                    {
                        if (token.ValueText == "Origin")
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        foreach (var node in use.DescendantsAndSelf())
        {
            if (node is ILiteralOperation { ConstantValue.Value: string text } && string.Equals(text, "Origin", StringComparison.OrdinalIgnoreCase)
                || node is IPropertyReferenceOperation { Property.Name: "Origin" } or IFieldReferenceOperation { Field.Name: "Origin" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A CORS policy allowing any origin, on the endpoint (RequireCors) or globally (UseCors).</summary>
    private static string? AnyOriginCors(McpEndpoint endpoint, McpCompilationContext mcp)
    {
        var servers = mcp.Servers;
        foreach (var convention in endpoint.Conventions)
        {
            if (mcp.Symbols.IsRequireCors(convention.TargetMethod) && AllowsAnyOrigin(convention, servers))
            {
                return "The CORS policy on the MCP endpoint allows any origin";
            }
        }

        foreach (var middleware in servers.Middleware)
        {
            if (mcp.Symbols.IsMethod(middleware.TargetMethod, mcp.Symbols.CorsMiddlewareExtensions, "UseCors") && AllowsAnyOrigin(middleware, servers))
            {
                return "The application's CORS policy allows any origin, the MCP endpoint included";
            }
        }

        return null;
    }

    private static bool AllowsAnyOrigin(IInvocationOperation use, McpServerModel servers)
    {
        string? policyName = null;
        foreach (var argument in use.Arguments)
        {
            if (argument.Value.ConstantValue.Value is string name)
            {
                policyName = name;
            }
            else if (argument.Value.Type?.TypeKind == TypeKind.Delegate && PermissivePolicy(argument.Value))
            {
                return true;
            }
        }

        // a named policy (or the default one) defined in AddCors(...)
        foreach (var addCors in servers.Cors)
        {
            foreach (var node in addCors.Descendants())
            {
                if (node is IInvocationOperation { TargetMethod.Name: "AddPolicy" or "AddDefaultPolicy" } definition)
                {
                    var defined = definition.TargetMethod.Name == "AddDefaultPolicy" ? null : definition.Arguments.Length > 0 ? definition.Arguments[0].Value.ConstantValue.Value as string : null;
                    if (defined == policyName && PermissivePolicy(definition))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool PermissivePolicy(IOperation policy)
    {
        foreach (var node in policy.DescendantsAndSelf())
        {
            if (node is IInvocationOperation { TargetMethod.Name: "AllowAnyOrigin" }
                || (node is IInvocationOperation { TargetMethod.Name: "SetIsOriginAllowed" } setAllowed && setAllowed.Arguments.Length > 0 && TokenValidation.IsAlwaysTrue(setAllowed.Arguments[0].Value)))
            {
                return true;
            }
        }

        return false;
    }
}
