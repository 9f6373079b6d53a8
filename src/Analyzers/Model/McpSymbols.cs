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
        Console = Get("System.Console");

        // What protects an endpoint, as ASP.NET Core and Microsoft.Extensions declare it: the server model matches these
        // symbols, not the names, so a type of the application's own with the same member names protects nothing.
        ApplicationBuilder = Get("Microsoft.AspNetCore.Builder.IApplicationBuilder");
        AuthorizationOptions = Get("Microsoft.AspNetCore.Authorization.AuthorizationOptions");
        AuthorizationBuilder = Get("Microsoft.AspNetCore.Authorization.AuthorizationBuilder");
        AuthorizationServiceExtensions = Get("Microsoft.Extensions.DependencyInjection.PolicyServiceCollectionExtensions");
        MvcCoreBuilderExtensions = Get("Microsoft.Extensions.DependencyInjection.MvcCoreMvcCoreBuilderExtensions");
        AuthenticationServiceExtensions = Get("Microsoft.Extensions.DependencyInjection.AuthenticationServiceCollectionExtensions");
        CorsServiceExtensions = Get("Microsoft.Extensions.DependencyInjection.CorsServiceCollectionExtensions");
        MvcCorsBuilderExtensions = Get("Microsoft.Extensions.DependencyInjection.MvcCorsMvcCoreBuilderExtensions");
        RateLimiterServiceExtensions = Get("Microsoft.AspNetCore.Builder.RateLimiterServiceCollectionExtensions");
        RateLimiterOptions = Get("Microsoft.AspNetCore.RateLimiting.RateLimiterOptions");
        HostFilteringOptions = Get("Microsoft.AspNetCore.HostFiltering.HostFilteringOptions");
        AuthenticationMiddlewareExtensions = Get("Microsoft.AspNetCore.Builder.AuthAppBuilderExtensions");
        AuthorizationMiddlewareExtensions = Get("Microsoft.AspNetCore.Builder.AuthorizationAppBuilderExtensions");
        RateLimiterMiddlewareExtensions = Get("Microsoft.AspNetCore.Builder.RateLimiterApplicationBuilderExtensions");
        CorsMiddlewareExtensions = Get("Microsoft.AspNetCore.Builder.CorsMiddlewareExtensions");
        AuthorizationEndpointConventions = Get("Microsoft.AspNetCore.Builder.AuthorizationEndpointConventionBuilderExtensions");
        RateLimiterEndpointConventions = Get("Microsoft.AspNetCore.Builder.RateLimiterEndpointConventionBuilderExtensions");
        CorsEndpointConventions = Get("Microsoft.AspNetCore.Builder.CorsEndpointConventionBuilderExtensions");
        Host = Get("Microsoft.Extensions.Hosting.Host");
        WebHost = Get("Microsoft.AspNetCore.WebHost");
        HostBuilderExtensions = Get("Microsoft.Extensions.Hosting.HostingHostBuilderExtensions");
        LoggingBuilderExtensions = Get("Microsoft.Extensions.Logging.LoggingBuilderExtensions");
        ConsoleLoggerExtensions = Get("Microsoft.Extensions.Logging.ConsoleLoggerExtensions");
        ConsoleLoggerOptions = Get("Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions");

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
    public INamedTypeSymbol? Console { get; }

    /// <summary><c>IApplicationBuilder</c>: the request pipeline (<c>WebApplication</c> implements it).</summary>
    public INamedTypeSymbol? ApplicationBuilder { get; }
    /// <summary>Declares <c>FallbackPolicy</c>.</summary>
    public INamedTypeSymbol? AuthorizationOptions { get; }
    /// <summary>Declares <c>SetFallbackPolicy</c> (ASP.NET Core 7+).</summary>
    public INamedTypeSymbol? AuthorizationBuilder { get; }
    /// <summary>Declares <c>AddAuthorization</c> and <c>AddAuthorizationBuilder</c> on <c>IServiceCollection</c>.</summary>
    public INamedTypeSymbol? AuthorizationServiceExtensions { get; }
    /// <summary>Declares <c>AddAuthorization</c> on <c>IMvcCoreBuilder</c>.</summary>
    public INamedTypeSymbol? MvcCoreBuilderExtensions { get; }
    /// <summary>Declares <c>AddAuthentication</c>.</summary>
    public INamedTypeSymbol? AuthenticationServiceExtensions { get; }
    /// <summary>Declares <c>AddCors</c> on <c>IServiceCollection</c>.</summary>
    public INamedTypeSymbol? CorsServiceExtensions { get; }
    /// <summary>Declares <c>AddCors</c> on <c>IMvcCoreBuilder</c>.</summary>
    public INamedTypeSymbol? MvcCorsBuilderExtensions { get; }
    /// <summary>Declares <c>AddRateLimiter</c> (ASP.NET Core 7+).</summary>
    public INamedTypeSymbol? RateLimiterServiceExtensions { get; }
    /// <summary>Declares <c>GlobalLimiter</c>.</summary>
    public INamedTypeSymbol? RateLimiterOptions { get; }
    /// <summary>Declares the <c>AllowedHosts</c> the host filtering middleware checks.</summary>
    public INamedTypeSymbol? HostFilteringOptions { get; }
    /// <summary>Declares <c>UseAuthentication</c>.</summary>
    public INamedTypeSymbol? AuthenticationMiddlewareExtensions { get; }
    /// <summary>Declares <c>UseAuthorization</c>.</summary>
    public INamedTypeSymbol? AuthorizationMiddlewareExtensions { get; }
    /// <summary>Declares <c>UseRateLimiter</c>.</summary>
    public INamedTypeSymbol? RateLimiterMiddlewareExtensions { get; }
    /// <summary>Declares <c>UseCors</c>.</summary>
    public INamedTypeSymbol? CorsMiddlewareExtensions { get; }
    /// <summary>Declares <c>CreateApplicationBuilder</c> and <c>CreateDefaultBuilder</c>.</summary>
    /// <summary><c>RequireAuthorization</c> / <c>AllowAnonymous</c> on an endpoint.</summary>
    public INamedTypeSymbol? AuthorizationEndpointConventions { get; }

    /// <summary><c>RequireRateLimiting</c> / <c>DisableRateLimiting</c> on an endpoint.</summary>
    public INamedTypeSymbol? RateLimiterEndpointConventions { get; }

    /// <summary><c>RequireCors</c> on an endpoint.</summary>
    public INamedTypeSymbol? CorsEndpointConventions { get; }

    public INamedTypeSymbol? Host { get; }
    /// <summary>The legacy <c>WebHost.CreateDefaultBuilder</c>.</summary>
    public INamedTypeSymbol? WebHost { get; }
    /// <summary>Declares <c>ConfigureDefaults</c>.</summary>
    public INamedTypeSymbol? HostBuilderExtensions { get; }
    /// <summary>Declares <c>ClearProviders</c>.</summary>
    public INamedTypeSymbol? LoggingBuilderExtensions { get; }
    /// <summary>Declares <c>AddConsole</c>, <c>AddSimpleConsole</c>, <c>AddJsonConsole</c>, <c>AddSystemdConsole</c>.</summary>
    public INamedTypeSymbol? ConsoleLoggerExtensions { get; }
    /// <summary>Declares <c>LogToStandardErrorThreshold</c>.</summary>
    public INamedTypeSymbol? ConsoleLoggerOptions { get; }

    /// <summary>Version of the referenced MCP SDK assembly, or null when the SDK is not referenced.</summary>
    public Version? SdkVersion { get; }

    /// <summary>True when the compilation references any ModelContextProtocol assembly (scope of the MCP-only rules).</summary>
    public bool ReferencesMcp => SdkVersion is not null || ToolAttribute is not null;

    /// <summary>True when the compilation can host an HTTP MCP server (ModelContextProtocol.AspNetCore, 0.2+).</summary>
    public bool HasHttpTransport => McpEndpointRouteBuilderExtensions is not null;

    private INamedTypeSymbol? Get(string metadataName) => ResolveType(Compilation, metadataName);

    /// <summary>
    /// The type a compilation means by a metadata name, also when two referenced assemblies define it (where
    /// <c>Compilation.GetTypeByMetadataName</c> answers null): then the first public one. The only way the
    /// analyzers and fixes look a type up by name (the banned-API analyzer holds every other caller to it); for a
    /// type asked about at each compilation, prefer a property of <see cref="McpSymbols"/>, resolved once.
    /// </summary>
    public static INamedTypeSymbol? ResolveType(Compilation compilation, string metadataName)
    {
        // GetTypeByMetadataName returns null when two assemblies define the name; prefer the first public one then.
#pragma warning disable RS0030 // the one sanctioned call: every other lookup comes through here for the duplicate handling below
        var type = compilation.GetTypeByMetadataName(metadataName);
#pragma warning restore RS0030
        if (type is not null)
        {
            return type;
        }

        foreach (var reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly
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

    /// <summary>
    /// ASP.NET Core's <c>RequireAuthorization(...)</c> endpoint convention (not a user method of that name), or an
    /// extension method of the application that applies it to its builder (<see cref="AppliesConvention"/>).
    /// </summary>
    public bool IsRequireAuthorization(IMethodSymbol method)
        => IsMethod(method, AuthorizationEndpointConventions, "RequireAuthorization") || AppliesConvention(method, m => IsMethod(m, AuthorizationEndpointConventions, "RequireAuthorization"));

    /// <summary>
    /// An extension method of the application (<c>RequireMcpCaller(this TBuilder builder)</c>) whose body applies a
    /// convention <paramref name="convention"/> accepts, directly or through another such method (three deep).
    /// </summary>
    public bool AppliesConvention(IMethodSymbol method, Func<IMethodSymbol, bool> convention, int depth = 0)
    {
        if (depth > 3 || !method.IsExtensionMethod && method.ReducedFrom is null)
        {
            return false;
        }

        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        foreach (var reference in definition.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (!Compilation.ContainsSyntaxTree(syntax.SyntaxTree))
            {
                continue;
            }

#pragma warning disable RS1030 // the extension may be declared in another file than the endpoint
            var model = Compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            foreach (var node in syntax.DescendantNodes())
            {
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
                    && model.GetOperation(node) is Microsoft.CodeAnalysis.Operations.IInvocationOperation { TargetMethod: { } called }
                    && (convention(called) || (!SymbolEqualityComparer.Default.Equals(called.OriginalDefinition, definition) && AppliesConvention(called, convention, depth + 1))))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>ASP.NET Core's <c>AllowAnonymous()</c> endpoint convention.</summary>
    public bool IsAllowAnonymous(IMethodSymbol method) => IsMethod(method, AuthorizationEndpointConventions, "AllowAnonymous");

    /// <summary>ASP.NET Core's <c>RequireRateLimiting(...)</c> endpoint convention.</summary>
    public bool IsRequireRateLimiting(IMethodSymbol method)
        => IsMethod(method, RateLimiterEndpointConventions, "RequireRateLimiting") || AppliesConvention(method, m => IsMethod(m, RateLimiterEndpointConventions, "RequireRateLimiting"));

    /// <summary>ASP.NET Core's <c>RequireCors(...)</c> endpoint convention.</summary>
    public bool IsRequireCors(IMethodSymbol method) => IsMethod(method, CorsEndpointConventions, "RequireCors");

    /// <summary>
    /// True for the method <paramref name="name"/> declared by <paramref name="declaringType"/> (false when that type is
    /// not referenced), or by a referenced assembly's type of the same metadata name (see <see cref="IsDeclaringType"/>).
    /// </summary>
    public bool IsMethod(IMethodSymbol? method, INamedTypeSymbol? declaringType, string name)
        => method is not null && method.Name == name && IsDeclaringType(method.ContainingType, declaringType);

    /// <summary>True for the property <paramref name="name"/> declared by <paramref name="declaringType"/>, as <see cref="IsMethod"/>.</summary>
    public bool IsProperty(IPropertySymbol? property, INamedTypeSymbol? declaringType, string name)
        => property is not null && property.Name == name && IsDeclaringType(property.ContainingType, declaringType);

    /// <summary>
    /// <paramref name="type"/> is <paramref name="expected"/>, or, where two referenced assemblies define that metadata
    /// name (extension classes such as <c>LoggingBuilderExtensions</c> are split across assemblies), the other one:
    /// <see cref="ResolveType"/> keeps only one of them. A type declared in source never stands in for it.
    /// </summary>
    private static bool IsDeclaringType(INamedTypeSymbol? type, INamedTypeSymbol? expected)
    {
        if (type is null || expected is null)
        {
            return false;
        }

        var definition = type.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(definition, expected))
        {
            return true;
        }

        return definition.DeclaredAccessibility == Accessibility.Public
               && !definition.Locations.IsEmpty && definition.Locations[0].IsInMetadata
               && !SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, expected.ContainingAssembly)
               && SameMetadataName(definition, expected);
    }

    private static bool SameMetadataName(ISymbol? left, ISymbol? right)
    {
        while (left is not null && right is not null)
        {
            if (left is INamespaceSymbol { IsGlobalNamespace: true } || right is INamespaceSymbol { IsGlobalNamespace: true })
            {
                return left is INamespaceSymbol { IsGlobalNamespace: true } && right is INamespaceSymbol { IsGlobalNamespace: true };
            }

            if (left.Kind != right.Kind || left.MetadataName != right.MetadataName)
            {
                return false;
            }

            left = (ISymbol?)left.ContainingType ?? left.ContainingNamespace;
            right = (ISymbol?)right.ContainingType ?? right.ContainingNamespace;
        }

        return left is null && right is null;
    }

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
