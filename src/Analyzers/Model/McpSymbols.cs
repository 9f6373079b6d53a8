using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace McpAnalyzers.Model;

/// <summary>
/// The MCP SDK's and the hosting stack's symbols, resolved once per compilation. Every member may be null:
/// the SDK may be missing, older (0.x previews, 1.x) or newer than the one we were built against.
/// </summary>
internal sealed class McpSymbols
{
    public McpSymbols(Compilation compilation)
    {
        Compilation = compilation;
        ToolAttribute = Get("ModelContextProtocol.Server.McpServerToolAttribute");
        PromptAttribute = Get("ModelContextProtocol.Server.McpServerPromptAttribute");
        ResourceAttribute = Get("ModelContextProtocol.Server.McpServerResourceAttribute");
        ToolTypeAttribute = Get("ModelContextProtocol.Server.McpServerToolTypeAttribute");
        PromptTypeAttribute = Get("ModelContextProtocol.Server.McpServerPromptTypeAttribute");
        ResourceTypeAttribute = Get("ModelContextProtocol.Server.McpServerResourceTypeAttribute");
        McpServerTool = Get("ModelContextProtocol.Server.McpServerTool");
        McpServerPrompt = Get("ModelContextProtocol.Server.McpServerPrompt");
        McpServerResource = Get("ModelContextProtocol.Server.McpServerResource");
        McpServer = Get("ModelContextProtocol.Server.McpServer");
        LegacyIMcpServer = Get("ModelContextProtocol.Server.IMcpServer");
        RequestContext = Get("ModelContextProtocol.Server.RequestContext`1");
        McpServerBuilder = Get("Microsoft.Extensions.DependencyInjection.IMcpServerBuilder");
        HttpServerTransportOptions = Get("ModelContextProtocol.AspNetCore.HttpServerTransportOptions");
        McpEndpointRouteBuilderExtensions = Get("Microsoft.AspNetCore.Builder.McpEndpointRouteBuilderExtensions");
        AIFunctionArguments = Get("Microsoft.Extensions.AI.AIFunctionArguments");

        CancellationToken = Get("System.Threading.CancellationToken");
        ServiceProvider = Get("System.IServiceProvider");
        Progress = Get("System.IProgress`1");
        ClaimsPrincipal = Get("System.Security.Claims.ClaimsPrincipal");
        FromKeyedServicesAttribute = Get("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute");
        FromServicesAttribute = Get("Microsoft.AspNetCore.Mvc.FromServicesAttribute");
        HttpClient = Get("System.Net.Http.HttpClient");
        HttpContext = Get("Microsoft.AspNetCore.Http.HttpContext");
        DbContext = Get("Microsoft.EntityFrameworkCore.DbContext");

        IPAddress = Get("System.Net.IPAddress");
        IPEndPoint = Get("System.Net.IPEndPoint");
        KestrelServerOptions = Get("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions");
        WebApplication = Get("Microsoft.AspNetCore.Builder.WebApplication");
        WebHostBuilderExtensions = Get("Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions");
        WebHostBuilder = Get("Microsoft.AspNetCore.Hosting.IWebHostBuilder");
        Configuration = Get("Microsoft.Extensions.Configuration.IConfiguration");
        EndpointRouteBuilderExtensions = Get("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
        Environment = Get("System.Environment");
        AllowAnonymous = Get("Microsoft.AspNetCore.Authorization.IAllowAnonymous");
        AuthorizeData = Get("Microsoft.AspNetCore.Authorization.IAuthorizeData");
        String = compilation.GetSpecialType(SpecialType.System_String);

        SdkVersion = FindSdkVersion(compilation);
        Companions = new Companions(compilation, SdkVersion);
    }

    public Compilation Compilation { get; }

    /// <summary>Which of our companion packages the compilation references.</summary>
    public Companions Companions { get; }

    public INamedTypeSymbol? ToolAttribute { get; }
    public INamedTypeSymbol? PromptAttribute { get; }
    public INamedTypeSymbol? ResourceAttribute { get; }
    public INamedTypeSymbol? ToolTypeAttribute { get; }
    public INamedTypeSymbol? PromptTypeAttribute { get; }
    public INamedTypeSymbol? ResourceTypeAttribute { get; }
    public INamedTypeSymbol? McpServerTool { get; }
    public INamedTypeSymbol? McpServerPrompt { get; }
    public INamedTypeSymbol? McpServerResource { get; }
    /// <summary>The 0.5+ server type; null in older previews.</summary>
    public INamedTypeSymbol? McpServer { get; }
    /// <summary>The pre-0.5 server interface; null in current SDKs.</summary>
    public INamedTypeSymbol? LegacyIMcpServer { get; }
    public INamedTypeSymbol? RequestContext { get; }
    public INamedTypeSymbol? McpServerBuilder { get; }
    /// <summary>Null before 0.2 and in stdio-only servers (no ModelContextProtocol.AspNetCore).</summary>
    public INamedTypeSymbol? HttpServerTransportOptions { get; }
    public INamedTypeSymbol? McpEndpointRouteBuilderExtensions { get; }
    public INamedTypeSymbol? AIFunctionArguments { get; }

    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? ServiceProvider { get; }
    public INamedTypeSymbol? Progress { get; }
    public INamedTypeSymbol? ClaimsPrincipal { get; }
    public INamedTypeSymbol? FromKeyedServicesAttribute { get; }
    public INamedTypeSymbol? FromServicesAttribute { get; }
    public INamedTypeSymbol? HttpClient { get; }
    public INamedTypeSymbol? HttpContext { get; }
    public INamedTypeSymbol? DbContext { get; }

    public INamedTypeSymbol? IPAddress { get; }
    public INamedTypeSymbol? IPEndPoint { get; }
    public INamedTypeSymbol? KestrelServerOptions { get; }
    public INamedTypeSymbol? WebApplication { get; }
    public INamedTypeSymbol? WebHostBuilderExtensions { get; }
    public INamedTypeSymbol? WebHostBuilder { get; }
    public INamedTypeSymbol? Configuration { get; }
    public INamedTypeSymbol? EndpointRouteBuilderExtensions { get; }
    public INamedTypeSymbol? Environment { get; }
    public INamedTypeSymbol? AllowAnonymous { get; }
    public INamedTypeSymbol? AuthorizeData { get; }
    public INamedTypeSymbol String { get; }

    /// <summary>Version of the referenced MCP SDK assembly, or null when the SDK is not referenced.</summary>
    public Version? SdkVersion { get; }

    /// <summary>True when the compilation references any ModelContextProtocol assembly (scope of the MCP-only rules).</summary>
    public bool ReferencesMcp => SdkVersion is not null || ToolAttribute is not null;

    /// <summary>True when the compilation can host an HTTP MCP server (ModelContextProtocol.AspNetCore, 0.2+).</summary>
    public bool HasHttpTransport => McpEndpointRouteBuilderExtensions is not null;

    private INamedTypeSymbol? Get(string metadataName)
    {
        // GetTypeByMetadataName returns null when two assemblies define the name; prefer the first public one then.
        var type = Compilation.GetTypeByMetadataName(metadataName);
        if (type is not null)
        {
            return type;
        }

        foreach (var reference in Compilation.References)
        {
            if (Compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly
                && assembly.GetTypeByMetadataName(metadataName) is { DeclaredAccessibility: Accessibility.Public } candidate)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Every type of the compilation and its references with this metadata name (a name two assemblies define gives
    /// both). A nested type may be written with dots (<c>My.Outer.Inner</c>, as in options) as well as with '+'.
    /// </summary>
    public static ImmutableArray<INamedTypeSymbol> TypesNamed(Compilation compilation, string metadataName)
    {
        var types = compilation.GetTypesByMetadataName(metadataName);
        for (var dot = metadataName.LastIndexOf('.'); types.IsEmpty && dot > 0; dot = metadataName.LastIndexOf('.', dot - 1))
        {
            metadataName = metadataName.Substring(0, dot) + "+" + metadataName.Substring(dot + 1);
            types = compilation.GetTypesByMetadataName(metadataName);
        }

        return types;
    }

    private static Version? FindSdkVersion(Compilation compilation)
    {
        Version? best = null;
        foreach (var identity in compilation.ReferencedAssemblyNames)
        {
            if (identity.Name is "ModelContextProtocol.Core" or "ModelContextProtocol" or "ModelContextProtocol.AspNetCore")
            {
                if (best is null || identity.Version > best)
                {
                    best = identity.Version;
                }
            }
        }

        return best;
    }

    /// <summary>True for the SDK's <c>MapMcp(...)</c> extension, not a user method of the same name.</summary>
    public bool IsMapMcp(IMethodSymbol method)
        => method.Name == "MapMcp" && IsType(method.ContainingType, McpEndpointRouteBuilderExtensions);

    public bool IsType(ITypeSymbol? type, INamedTypeSymbol? expected)
        => type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    public static bool InheritsFromOrEquals(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Implements(ITypeSymbol? type, INamedTypeSymbol? @interface)
    {
        if (type is null || @interface is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, @interface))
        {
            return true;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, @interface))
            {
                return true;
            }
        }

        return false;
    }
}
