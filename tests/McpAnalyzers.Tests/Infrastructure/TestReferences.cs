using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace McpAnalyzers.Tests.Infrastructure;

/// <summary>
/// The references test code compiles against: .NET 8 with a given MCP SDK line and the libraries its servers use.
/// Each set is a project under <c>tests/References</c> that MSBuild restores with exact versions and resolves like a
/// user's build (ASP.NET Core's shared framework, conflict resolution that keeps the newer Microsoft.Extensions.*),
/// writing the compiler's references to <c>obj/compile-references.txt</c>. Nothing is downloaded or resolved while
/// tests run, so the outcome cannot depend on a cache folder or on which test resolves first.
/// </summary>
public sealed class TestReferences
{
    /// <summary>
    /// The testing library's reference assemblies, left empty: every reference comes from the restored sets
    /// (an empty set makes the library resolve nothing from NuGet).
    /// </summary>
    private static readonly ReferenceAssemblies NoPackages = new("net8.0");

    private readonly Lazy<ImmutableArray<MetadataReference>> _packageReferences;
    private readonly Lazy<int?> _sdkMajor;
    private TestReferences? _withoutCompanions;

    private TestReferences(string name, string project, bool aspNetCore, bool runtimeGuards, bool companions = true)
    {
        Name = name;
        Project = project;
        IncludesAspNetCore = aspNetCore;
        IncludesRuntimeGuards = runtimeGuards;
        IncludesCompanions = companions && runtimeGuards;
        _packageReferences = new Lazy<ImmutableArray<MetadataReference>>(() => Read(project));
        _sdkMajor = new Lazy<int?>(ReadSdkMajor);
    }

    public string Name { get; }

    /// <summary>The project under <c>tests/References</c> that restores this set.</summary>
    public string Project { get; }

    /// <summary>What the testing library resolves by itself: nothing (see <see cref="ApplyAsync"/>).</summary>
    public ReferenceAssemblies Assemblies => NoPackages;

    public bool IncludesAspNetCore { get; }

    public bool IncludesRuntimeGuards { get; }

    /// <summary>Our companion packages where the project could use them (ASP.NET Core helpers; the server filters on SDK 2.x).</summary>
    public bool IncludesCompanions { get; }

    /// <summary>ASP.NET Core 8 with the current MCP SDK (2.x) and its HTTP transport.</summary>
    public static readonly TestReferences McpSdk2 = new("MCP SDK 2.4", "McpSdk2", aspNetCore: true, runtimeGuards: true);

    /// <summary>ASP.NET Core 8 with the current MCP SDK and JWT bearer authentication (IdentityModel).</summary>
    public static readonly TestReferences McpSdk2Jwt = new("MCP SDK 2.4 + JwtBearer", "McpSdk2Jwt", aspNetCore: true, runtimeGuards: true);

    /// <summary>The current MCP SDK with the data and execution libraries tools use: ADO.NET providers, Dapper, EF Core, C# scripting.</summary>
    public static readonly TestReferences McpSdk2Data = new("MCP SDK 2.4 + data", "McpSdk2Data", aspNetCore: true, runtimeGuards: true);

    /// <summary>ASP.NET Core 8 with MCP SDK 1.x.</summary>
    public static readonly TestReferences McpSdk1 = new("MCP SDK 1.4", "McpSdk1", aspNetCore: true, runtimeGuards: true);

    /// <summary>A 0.x preview: stdio only, <c>IMcpServer</c>, no HTTP transport package.</summary>
    public static readonly TestReferences McpSdkPreview = new("MCP SDK 0.2 preview", "McpSdkPreview", aspNetCore: false, runtimeGuards: true);

    /// <summary>An ASP.NET Core app without the MCP SDK (MCPSEC060 still applies).</summary>
    public static readonly TestReferences AspNetOnly = new("ASP.NET Core 8", "AspNetOnly", aspNetCore: true, runtimeGuards: false);

    /// <summary>A plain console app: no ASP.NET Core, no MCP SDK.</summary>
    public static readonly TestReferences ConsoleOnly = new("net8.0", "ConsoleOnly", aspNetCore: false, runtimeGuards: false);

    /// <summary>Every set, for tests that check them all.</summary>
    public static IReadOnlyList<TestReferences> All { get; } = new[] { McpSdk2, McpSdk2Jwt, McpSdk2Data, McpSdk1, McpSdkPreview, AspNetOnly, ConsoleOnly };

    /// <summary>The net8.0 build of McpAnalyzers.Runtime (the guards our fixes insert).</summary>
    public static MetadataReference RuntimeGuards { get; } = MetadataReference.CreateFromFile(BuiltAssembly("RuntimeAssembly"));

    /// <summary>The net8.0 build of McpAnalyzers.AspNetCore (the bearer scheme the MCPSEC001 fix wires).</summary>
    public static MetadataReference AspNetCoreHelpers { get; } = MetadataReference.CreateFromFile(BuiltAssembly("AspNetCoreHelpersAssembly"));

    /// <summary>The net8.0 build of McpAnalyzers.Server (audit log and tool rate limits; MCP SDK 2.x only).</summary>
    public static MetadataReference ServerHelpers { get; } = MetadataReference.CreateFromFile(BuiltAssembly("ServerHelpersAssembly"));

    /// <summary>
    /// The same set without our companion packages (McpAnalyzers.Server, McpAnalyzers.AspNetCore): a project that
    /// installed McpAnalyzers alone.
    /// </summary>
    public TestReferences WithoutCompanions()
        => _withoutCompanions ??= new TestReferences(Name + " without companions", Project, IncludesAspNetCore, IncludesRuntimeGuards, companions: false);

    /// <summary>The file the set's project wrote when it was built.</summary>
    public string ReferenceListPath => Path.GetFullPath(Path.Combine(BuiltAssembly("ReferenceSets"), Project, "obj", "compile-references.txt"));

    /// <summary>The set's own references (framework and packages), as the compiler of a real build gets them.</summary>
    public ImmutableArray<MetadataReference> PackageReferences => _packageReferences.Value;

    private static string BuiltAssembly(string key)
        => typeof(TestReferences).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private ImmutableArray<MetadataReference> Read(string project)
    {
        var list = ReferenceListPath;
        if (!File.Exists(list))
        {
            throw new InvalidOperationException(
                $"{list} is missing: build tests/McpAnalyzers.Tests (its build restores and builds tests/References/{project}), then run the tests.");
        }

        var paths = File.ReadAllLines(list).Where(line => line.Length > 0).ToList();
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        if (paths.Count == 0 || missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{list} names {missing.Count} file(s) that are not on disk (first: {missing.FirstOrDefault()}): restore and build tests/McpAnalyzers.Tests again.");
        }

        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    /// <summary>Applies these references to a test's project.</summary>
    public Task ApplyAsync(ProjectState state)
    {
        state.AdditionalReferences.AddRange(AllReferences());
        return Task.CompletedTask;
    }

    /// <summary>Every reference a compilation against these assemblies gets (framework, packages, our runtime assemblies).</summary>
    public Task<ImmutableArray<MetadataReference>> ResolveAllAsync() => Task.FromResult(AllReferences());

    private ImmutableArray<MetadataReference> AllReferences()
    {
        var references = PackageReferences;
        if (IncludesRuntimeGuards)
        {
            references = references.Add(RuntimeGuards);
        }

        if (IncludesCompanions)
        {
            if (IncludesAspNetCore)
            {
                references = references.Add(AspNetCoreHelpers);
            }

            if (McpSdkMajor >= 2)
            {
                references = references.Add(ServerHelpers);
            }
        }

        return references;
    }

    /// <summary>The major version of the set's MCP SDK, or null without one.</summary>
    public int? McpSdkMajor => _sdkMajor.Value;

    private int? ReadSdkMajor()
        => PackageReferences.Select(r => r.Display!).FirstOrDefault(p => Path.GetFileName(p) == "ModelContextProtocol.Core.dll") is { } core
            ? System.Reflection.AssemblyName.GetAssemblyName(core).Version?.Major
            : null;

    public override string ToString() => Name;
}
