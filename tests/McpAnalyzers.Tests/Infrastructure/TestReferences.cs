using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace McpAnalyzers.Tests.Infrastructure;

/// <summary>
/// Reference assemblies restored from NuGet at test time: .NET 8 plus a given MCP SDK. ASP.NET Core's targeting
/// pack is not a library package, so its reference assemblies are resolved separately and added to the project.
/// </summary>
public sealed class TestReferences
{
    private static readonly ReferenceAssemblies AspNetCoreTargetingPack =
        new("net8.0", new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.0"), Path.Combine("ref", "net8.0"));

    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> AspNetCoreReferences =
        new(() => AspNetCoreTargetingPack.ResolveAsync(LanguageNames.CSharp, CancellationToken.None));

    private TestReferences(string name, ReferenceAssemblies assemblies, bool aspNetCore)
    {
        Name = name;
        Assemblies = assemblies;
        IncludesAspNetCore = aspNetCore;
    }

    public string Name { get; }

    public ReferenceAssemblies Assemblies { get; }

    public bool IncludesAspNetCore { get; }

    /// <summary>ASP.NET Core 8 with the current MCP SDK (2.x) and its HTTP transport.</summary>
    public static readonly TestReferences McpSdk2 = new("MCP SDK 2.4", ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("ModelContextProtocol.AspNetCore", "2.4.0"))), aspNetCore: true);

    /// <summary>ASP.NET Core 8 with the current MCP SDK and JWT bearer authentication (IdentityModel).</summary>
    public static readonly TestReferences McpSdk2Jwt = new("MCP SDK 2.4 + JwtBearer", ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("ModelContextProtocol.AspNetCore", "2.4.0"),
        new PackageIdentity("Microsoft.AspNetCore.Authentication.JwtBearer", "8.0.11"),
        // JwtBearer 8.0.11 asks for OpenIdConnect 7.1.2, which the package feed here lacks: name a served version.
        new PackageIdentity("Microsoft.IdentityModel.Protocols.OpenIdConnect", "8.16.0"),
        new PackageIdentity("System.IdentityModel.Tokens.Jwt", "8.16.0"),
        new PackageIdentity("Microsoft.IdentityModel.Protocols", "8.16.0"),
        new PackageIdentity("Microsoft.IdentityModel.JsonWebTokens", "8.16.0"),
        new PackageIdentity("Microsoft.IdentityModel.Tokens", "8.16.0"),
        new PackageIdentity("Microsoft.IdentityModel.Logging", "8.16.0"),
        new PackageIdentity("Microsoft.IdentityModel.Abstractions", "8.16.0"))), aspNetCore: true);

    /// <summary>The current MCP SDK with the data and execution libraries tools use: ADO.NET providers, Dapper, EF Core, C# scripting.</summary>
    public static readonly TestReferences McpSdk2Data = new("MCP SDK 2.4 + data", ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("ModelContextProtocol.AspNetCore", "2.4.0"),
        new PackageIdentity("Microsoft.Data.Sqlite.Core", "8.0.34"),
        new PackageIdentity("Npgsql", "8.0.5"),
        new PackageIdentity("MySqlConnector", "2.4.0"),
        new PackageIdentity("Dapper", "2.1.66"),
        new PackageIdentity("Microsoft.EntityFrameworkCore", "8.0.34"),
        new PackageIdentity("Microsoft.EntityFrameworkCore.Relational", "8.0.34"),
        new PackageIdentity("Microsoft.CodeAnalysis.CSharp.Scripting", "4.8.0"))), aspNetCore: true);

    /// <summary>ASP.NET Core 8 with MCP SDK 1.x.</summary>
    public static readonly TestReferences McpSdk1 = new("MCP SDK 1.4", ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("ModelContextProtocol.AspNetCore", "1.4.2"))), aspNetCore: true);

    /// <summary>A 0.x preview: stdio only, <c>IMcpServer</c>, no HTTP transport package.</summary>
    public static readonly TestReferences McpSdkPreview = new("MCP SDK 0.2 preview", ReferenceAssemblies.Net.Net80.AddPackages(ImmutableArray.Create(
        new PackageIdentity("ModelContextProtocol", "0.2.0-preview.3"))), aspNetCore: false);

    /// <summary>An ASP.NET Core app without the MCP SDK (MCPSEC060 still applies).</summary>
    public static readonly TestReferences AspNetOnly = new("ASP.NET Core 8", ReferenceAssemblies.Net.Net80, aspNetCore: true);

    /// <summary>A plain console app: no ASP.NET Core, no MCP SDK.</summary>
    public static readonly TestReferences ConsoleOnly = new("net8.0", ReferenceAssemblies.Net.Net80, aspNetCore: false);

    /// <summary>The net8.0 build of McpAnalyzers.Runtime (the guards our fixes insert).</summary>
    public static MetadataReference RuntimeGuards { get; } = MetadataReference.CreateFromFile(BuiltAssembly("RuntimeAssembly"));

    /// <summary>The net8.0 build of McpAnalyzers.AspNetCore (the bearer scheme the MCPSEC001 fix wires).</summary>
    public static MetadataReference AspNetCoreHelpers { get; } = MetadataReference.CreateFromFile(BuiltAssembly("AspNetCoreHelpersAssembly"));

    private static string BuiltAssembly(string key)
        => typeof(TestReferences).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>Applies these references to a test's project.</summary>
    public async Task ApplyAsync(ProjectState state)
    {
        if (!ReferenceEquals(this, ConsoleOnly) && !ReferenceEquals(this, AspNetOnly))
        {
            state.AdditionalReferences.Add(RuntimeGuards);
        }

        if (!IncludesAspNetCore)
        {
            return;
        }

        if (!ReferenceEquals(this, AspNetOnly))
        {
            state.AdditionalReferences.Add(AspNetCoreHelpers);
        }

        // The MCP SDK brings newer Microsoft.Extensions.* packages than ASP.NET Core 8's pack: keep the newer ones,
        // as a real build's conflict resolution does.
        var packageReferences = await Assemblies.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).ConfigureAwait(false);
        var provided = new HashSet<string>(packageReferences.Select(r => Path.GetFileName(r.Display ?? string.Empty)), StringComparer.OrdinalIgnoreCase);
        foreach (var reference in await AspNetCoreReferences.Value.ConfigureAwait(false))
        {
            if (!provided.Contains(Path.GetFileName(reference.Display ?? string.Empty)))
            {
                state.AdditionalReferences.Add(reference);
            }
        }
    }

    /// <summary>Every reference a compilation against these assemblies gets (packages, ASP.NET Core, runtime guards).</summary>
    public async Task<ImmutableArray<MetadataReference>> ResolveAllAsync()
    {
        var state = new ProjectState("References", LanguageNames.CSharp, "/0/References", "cs");
        await ApplyAsync(state).ConfigureAwait(false);
        return (await Assemblies.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).ConfigureAwait(false)).AddRange(state.AdditionalReferences);
    }

    public override string ToString() => Name;
}
