using System;
using Microsoft.CodeAnalysis;

namespace McpAnalyzers.Model;

/// <summary>
/// The companion packages some fixes call into, and whether the compilation references them. McpAnalyzers itself
/// depends on nothing (it installs on every MCP SDK line); a fix that calls a companion's API is offered only when the
/// companion is referenced, and the diagnostic says which package to add when it is not.
/// </summary>
internal sealed class Companions
{
    /// <summary>Audit log and tool-call rate limits (<c>WithAuditLog()</c>, <c>WithToolRateLimits()</c>); MCP SDK 2.x.</summary>
    public const string ServerPackage = "McpAnalyzers.Server";

    /// <summary>Bearer scheme, Host/Origin validation, the 429 endpoint policy; ASP.NET Core.</summary>
    public const string AspNetCorePackage = "McpAnalyzers.AspNetCore";

    public Companions(Compilation compilation, Version? sdkVersion)
    {
        foreach (var identity in compilation.ReferencedAssemblyNames)
        {
            if (identity.Name == ServerPackage)
            {
                HasServer = true;
            }
            else if (identity.Name == AspNetCorePackage)
            {
                HasAspNetCore = true;
            }
        }

        SdkSupportsServer = sdkVersion is null || sdkVersion.Major >= 2;
    }

    public bool HasServer { get; }

    public bool HasAspNetCore { get; }

    /// <summary>False on MCP SDK 0.x/1.x, where the server companion's filters do not plug in.</summary>
    public bool SdkSupportsServer { get; }

    /// <summary>
    /// The remedy that names a server-builder call of the server companion (<paramref name="call"/>, e.g.
    /// <c>WithAuditLog</c>): the call, the package to add with it, or (on an SDK the companion does not support)
    /// <paramref name="withoutCompanion"/>.
    /// </summary>
    public string ServerCall(string call, string withoutCompanion)
        => HasServer
            ? $"add .{call}() to the server"
            : SdkSupportsServer
                ? $"add the {ServerPackage} package and .{call}() to the server"
                : $"{withoutCompanion} (the {ServerPackage} package's .{call}() needs MCP SDK 2.x)";

    /// <summary>The server companion's <paramref name="name"/> (<c>WithAuditLog</c>, <c>WithToolRateLimits</c>), not a method of the application's own of that name.</summary>
    public static bool IsServerCall(IMethodSymbol method, string name)
        => method.Name == name && method.ContainingAssembly?.Name == ServerPackage;

    /// <summary>The ASP.NET Core companion's <paramref name="name"/> (<c>UseMcpOriginValidation</c>), not a method of the application's own of that name.</summary>
    public static bool IsAspNetCoreCall(IMethodSymbol method, string name)
        => method.Name == name && method.ContainingAssembly?.Name == AspNetCorePackage;

    /// <summary>True when the server companion's call can be added to this project (now, or after adding the package).</summary>
    public bool ServerCallPossible => HasServer || SdkSupportsServer;
}
