using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace McpAnalyzers.Model;

/// <summary>Transports a server setup registers.</summary>
[Flags]
internal enum McpTransports
{
    None = 0,
    Http = 1,
    Stdio = 2,
    Stream = 4,
}

/// <summary>One <c>AddMcpServer()</c> builder chain and what it registers.</summary>
internal sealed class McpServerSetup
{
    public McpServerSetup(IInvocationOperation addMcpServer, ImmutableArray<IInvocationOperation> calls)
    {
        AddMcpServer = addMcpServer;
        Calls = calls;
        foreach (var call in calls)
        {
            switch (call.TargetMethod.Name)
            {
                case "WithHttpTransport":
                    Transports |= McpTransports.Http;
                    break;
                case "WithStdioServerTransport":
                    Transports |= McpTransports.Stdio;
                    break;
                case "WithStreamServerTransport":
                    Transports |= McpTransports.Stream;
                    break;
                case "AddAuthorizationFilters":
                    HasAuthorizationFilters = true;
                    break;
                case "WithRequestFilters":
                case "WithMessageFilters":
                case "AddCallToolFilter":
                case "AddListToolsFilter":
                    RequestFilters = RequestFilters.Add(call);
                    break;
                default:
                    if (call.TargetMethod.Name.StartsWith("WithTools", StringComparison.Ordinal)
                        || call.TargetMethod.Name.StartsWith("WithPrompts", StringComparison.Ordinal)
                        || call.TargetMethod.Name.StartsWith("WithResources", StringComparison.Ordinal))
                    {
                        PrimitiveRegistrations = PrimitiveRegistrations.Add(call);
                    }

                    break;
            }
        }
    }

    public IInvocationOperation AddMcpServer { get; }

    /// <summary>Every call made on the builder, in the chain or later through a variable.</summary>
    public ImmutableArray<IInvocationOperation> Calls { get; }

    public McpTransports Transports { get; }

    public bool HasAuthorizationFilters { get; }

    public ImmutableArray<IInvocationOperation> RequestFilters { get; } = ImmutableArray<IInvocationOperation>.Empty;

    /// <summary><c>WithTools&lt;T&gt;()</c>, <c>WithToolsFromAssembly()</c>, <c>WithPrompts...</c>, <c>WithResources...</c>.</summary>
    public ImmutableArray<IInvocationOperation> PrimitiveRegistrations { get; } = ImmutableArray<IInvocationOperation>.Empty;

    public bool IsStdioOnly => Transports != McpTransports.None && (Transports & McpTransports.Http) == 0;
}

/// <summary>One <c>MapMcp(...)</c> endpoint, the route it answers on, and every convention applied to it.</summary>
internal sealed class McpEndpoint
{
    private McpEndpoint(IInvocationOperation mapMcp, string? route, ImmutableArray<IInvocationOperation> conventions, ImmutableArray<McpRouteGroup> groups)
    {
        MapMcp = mapMcp;
        Route = route;
        Conventions = conventions;
        Groups = groups;
    }

    public IInvocationOperation MapMcp { get; }

    /// <summary>The full route as written (group prefixes plus the pattern), or null when it is not a compile-time constant.</summary>
    public string? Route { get; }

    /// <summary>Calls on the endpoint's convention builder (<c>RequireAuthorization</c>, <c>RequireRateLimiting</c>...).</summary>
    public ImmutableArray<IInvocationOperation> Conventions { get; }

    /// <summary>Enclosing <c>MapGroup(...)</c> groups, innermost first, with their own conventions.</summary>
    public ImmutableArray<McpRouteGroup> Groups { get; }

    /// <summary>True when the endpoint or an enclosing group has a convention <paramref name="isConvention"/> accepts.</summary>
    public bool HasConvention(Func<IMethodSymbol, bool> isConvention)
    {
        foreach (var convention in Conventions)
        {
            if (isConvention(convention.TargetMethod))
            {
                return true;
            }
        }

        foreach (var group in Groups)
        {
            foreach (var convention in group.Conventions)
            {
                if (isConvention(convention.TargetMethod))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static McpEndpoint Create(IInvocationOperation mapMcp, CancellationToken cancellationToken)
    {
        var groups = ImmutableArray.CreateBuilder<McpRouteGroup>();
        var receiver = mapMcp.TargetMethod.IsExtensionMethod && mapMcp.Arguments.Length > 0 ? mapMcp.Arguments[0].Value : mapMcp.Instance;
        var prefix = new List<StringShape>();
        var knowable = true;
        for (var depth = 0; receiver is not null && depth < 8; depth++)
        {
            var group = ResolveGroup(OperationExtensions.Unwrap(receiver));
            if (group is null)
            {
                break;
            }

            var groupPrefix = group.Arguments.Length > 1 ? StringShape.Of(group.Arguments[1].Value) : null;
            if (groupPrefix is null || !groupPrefix.IsFullyConstant)
            {
                knowable = false;
            }
            else
            {
                prefix.Insert(0, groupPrefix);
            }

            groups.Add(new McpRouteGroup(group, FluentChain.Follow(group, cancellationToken)));
            receiver = group.Arguments.Length > 0 ? group.Arguments[0].Value : null;
        }

        string? route = null;
        var pattern = PatternArgument(mapMcp);
        var patternShape = pattern is null ? null : StringShape.Of(pattern);
        if (knowable && (pattern is null || patternShape!.IsFullyConstant))
        {
            var text = string.Empty;
            foreach (var part in prefix)
            {
                text = JoinRoute(text, part.Render());
            }

            route = JoinRoute(text, patternShape?.Render() ?? string.Empty);
        }

        return new McpEndpoint(mapMcp, route, FluentChain.Follow(mapMcp, cancellationToken), groups.ToImmutable());
    }

    /// <summary>The pattern argument when written (null when the default "" applies).</summary>
    public static IOperation? PatternArgument(IInvocationOperation mapMcp)
    {
        foreach (var argument in mapMcp.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_String && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>Normalises a route for comparison: leading slash, no trailing slash, lower case.</summary>
    public static string NormalizeRoute(string route)
    {
        var trimmed = route.Trim().TrimEnd('/');
        if (!trimmed.StartsWith("/", StringComparison.Ordinal))
        {
            trimmed = "/" + trimmed;
        }

        return trimmed.ToLowerInvariant();
    }

    private static string JoinRoute(string left, string right)
    {
        left = left.TrimEnd('/');
        right = right.TrimStart('/');
        return right.Length == 0 ? left : left + "/" + right;
    }

    private static IInvocationOperation? ResolveGroup(IOperation receiver)
    {
        for (var hops = 0; hops < 16; hops++)
        {
            receiver = OperationExtensions.Unwrap(receiver);
            if (receiver is ILocalReferenceOperation local && OperationExtensions.SingleAssignment(local) is { } value)
            {
                receiver = OperationExtensions.Unwrap(value);
            }

            if (receiver is not IInvocationOperation invocation)
            {
                return null;
            }

            if (invocation.TargetMethod.Name == "MapGroup")
            {
                return invocation;
            }

            // a convention applied to the group on the way: app.MapGroup("/x").RequireAuthorization().MapMcp()
            var inner = invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance;
            if (inner is null || !SymbolEqualityComparer.Default.Equals(OperationExtensions.Unwrap(inner).Type, invocation.Type))
            {
                return null;
            }

            receiver = inner;
        }

        return null;
    }
}

/// <summary>A tool, prompt or resource method and what it is.</summary>
internal sealed class McpPrimitive
{
    public McpPrimitive(IMethodSymbol method, McpPrimitiveKind kind)
    {
        Method = method;
        Kind = kind;
    }

    public IMethodSymbol Method { get; }

    public McpPrimitiveKind Kind { get; }
}

/// <summary>A <c>MapGroup(prefix)</c> around an MCP endpoint.</summary>
internal sealed class McpRouteGroup
{
    public McpRouteGroup(IInvocationOperation mapGroup, ImmutableArray<IInvocationOperation> conventions)
    {
        MapGroup = mapGroup;
        Conventions = conventions;
    }

    public IInvocationOperation MapGroup { get; }

    public ImmutableArray<IInvocationOperation> Conventions { get; }
}

/// <summary>
/// The MCP servers a compilation sets up: each <c>AddMcpServer()</c> chain, each <c>MapMcp</c> endpoint,
/// and the application-wide facts the endpoint rules weigh (fallback authorization policy, middleware).
/// Built once per compilation, on first use, from a syntax pre-filter and then operations; the primitives are listed
/// apart, file by file, when a rule asks for them (<see cref="McpPrimitiveIndex"/>).
/// </summary>
internal sealed class McpServerModel
{
    private static readonly ImmutableHashSet<string> InterestingNames = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "AddMcpServer", "MapMcp", "SetFallbackPolicy", "FallbackPolicy", "UseAuthentication", "UseAuthorization",
        "UseMiddleware", "Use", "UseWhen", "UseRateLimiter", "UseCors", "UseHostFiltering", "UseMcpOriginValidation",
        "UseUrls", "UseKestrel", "ConfigureKestrel", "Listen", "ListenAnyIP", "ListenLocalhost", "ListenUnixSocket",
        "AddAuthentication", "AddMicrosoftIdentityWebApiAuthentication", "AddAuthorization", "AddAuthorizationBuilder", "AddCors",
        "AllowedHosts", "UseSetting",
        "CreateApplicationBuilder", "CreateDefaultBuilder", "CreateBuilder", "CreateSlimBuilder", "ConfigureDefaults",
        "AddConsole", "AddSimpleConsole", "AddJsonConsole", "AddSystemdConsole", "ClearProviders", "LogToStandardErrorThreshold",
        "AddRateLimiter", "GlobalLimiter");

    private static readonly ImmutableHashSet<string> ConsoleLoggerNames = ImmutableHashSet.Create(
        StringComparer.Ordinal, "AddConsole", "AddSimpleConsole", "AddJsonConsole", "AddSystemdConsole");

    private readonly McpPrimitiveIndex? _primitives;

    private McpServerModel(
        ImmutableArray<McpServerSetup> servers,
        ImmutableArray<McpEndpoint> endpoints,
        ImmutableArray<IOperation> fallbackPolicies,
        ImmutableArray<IInvocationOperation> middleware,
        ImmutableArray<IInvocationOperation> listenCalls,
        McpPrimitiveIndex? primitives,
        ImmutableArray<IInvocationOperation> authentication,
        ImmutableArray<IInvocationOperation> authorization,
        ImmutableArray<IInvocationOperation> cors,
        ImmutableArray<IOperation> allowedHosts,
        ImmutableArray<IOperation> consoleLogging,
        ImmutableArray<IOperation> rateLimiting)
    {
        ConsoleLogging = consoleLogging;
        RateLimiting = rateLimiting;
        Cors = cors;
        AllowedHostsSettings = allowedHosts;
        Authentication = authentication;
        Authorization = authorization;
        Servers = servers;
        Endpoints = endpoints;
        FallbackPolicies = fallbackPolicies;
        Middleware = middleware;
        ListenCalls = listenCalls;
        _primitives = primitives;
    }

    public ImmutableArray<McpServerSetup> Servers { get; }

    /// <summary>
    /// What decides where console logs go: host builders that add the console logger by default
    /// (<c>Host.CreateApplicationBuilder</c>, <c>CreateDefaultBuilder</c>, <c>WebApplication.CreateBuilder</c>),
    /// <c>AddConsole()</c> &amp; co, <c>ClearProviders()</c>, and <c>LogToStandardErrorThreshold</c> assignments.
    /// </summary>
    public ImmutableArray<IOperation> ConsoleLogging { get; }

    /// <summary>ASP.NET Core rate limiting: <c>AddRateLimiter(...)</c> calls and <c>GlobalLimiter</c> assignments.</summary>
    public ImmutableArray<IOperation> RateLimiting { get; }

    public ImmutableArray<McpEndpoint> Endpoints { get; }

    /// <summary>Assignments of <c>AuthorizationOptions.FallbackPolicy</c> and <c>SetFallbackPolicy(...)</c> calls with a non-null policy.</summary>
    public ImmutableArray<IOperation> FallbackPolicies { get; }

    /// <summary><c>Use*</c> calls on the application pipeline, in source order per file.</summary>
    public ImmutableArray<IInvocationOperation> Middleware { get; }

    /// <summary>Where the server is told to listen: <c>UseUrls</c>, <c>UseKestrel</c>/<c>ConfigureKestrel</c>, Kestrel <c>Listen*</c> calls.</summary>
    public ImmutableArray<IInvocationOperation> ListenCalls { get; }

    /// <summary><c>AddAuthentication(...)</c> chains and the scheme registrations made on them (<c>AddJwtBearer</c>, <c>AddCertificate</c>, custom handlers).</summary>
    public ImmutableArray<IInvocationOperation> Authentication { get; }

    /// <summary>
    /// <c>AllowedHosts</c> set in code: <c>HostFilteringOptions.AllowedHosts = ...</c>, <c>configuration["AllowedHosts"] = ...</c>,
    /// <c>UseSetting("AllowedHosts", ...)</c>; the value is the last operand (its constant says what is allowed).
    /// </summary>
    public ImmutableArray<IOperation> AllowedHostsSettings { get; }

    /// <summary><c>AddCors(...)</c> calls, where CORS policies are defined.</summary>
    public ImmutableArray<IInvocationOperation> Cors { get; }

    /// <summary><c>AddAuthorization(...)</c> and <c>AddAuthorizationBuilder()</c> calls.</summary>
    public ImmutableArray<IInvocationOperation> Authorization { get; }

    /// <summary>True when some authentication scheme is registered (a call made on an <c>AuthenticationBuilder</c>).</summary>
    public bool HasAuthenticationScheme
    {
        get
        {
            foreach (var call in Authentication)
            {
                if (call.TargetMethod.Name != "AddAuthentication")
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Every tool, prompt and resource method declared in source, marked by attribute (listed on first use, file by
    /// file; <see cref="EnumeratePrimitives"/> reads only as many files as the caller walks through).
    /// </summary>
    public ImmutableArray<McpPrimitive> Primitives => _primitives?.All ?? ImmutableArray<McpPrimitive>.Empty;

    /// <summary>The primitives file by file, each file's declarations read when the enumeration reaches it.</summary>
    public IEnumerable<McpPrimitive> EnumeratePrimitives(CancellationToken cancellationToken)
        => _primitives?.Enumerate(cancellationToken) ?? Enumerable.Empty<McpPrimitive>();

    /// <summary>True when some server setup registers the HTTP transport or some endpoint maps MCP over HTTP.</summary>
    public bool HasHttpServer
    {
        get
        {
            foreach (var server in Servers)
            {
                if ((server.Transports & McpTransports.Http) != 0)
                {
                    return true;
                }
            }

            return !Endpoints.IsEmpty;
        }
    }

    public static McpServerModel Build(Compilation compilation, McpSymbols symbols, McpPrimitives primitives, CancellationToken cancellationToken)
    {
        var servers = ImmutableArray.CreateBuilder<McpServerSetup>();
        var listen = ImmutableArray.CreateBuilder<IInvocationOperation>();
        var authentication = ImmutableArray.CreateBuilder<IInvocationOperation>();
        var authorization = ImmutableArray.CreateBuilder<IInvocationOperation>();
        var cors = ImmutableArray.CreateBuilder<IInvocationOperation>();
        var allowedHosts = ImmutableArray.CreateBuilder<IOperation>();
        var endpoints = ImmutableArray.CreateBuilder<McpEndpoint>();
        var fallback = ImmutableArray.CreateBuilder<IOperation>();
        var middleware = ImmutableArray.CreateBuilder<IInvocationOperation>();
        var consoleLogging = ImmutableArray.CreateBuilder<IOperation>();
        var rateLimiting = ImmutableArray.CreateBuilder<IOperation>();

        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!MayMentionInterestingName(tree, cancellationToken))
            {
                continue; // most files (tools, services) set up nothing: no syntax tree walk for them
            }

            SemanticModel? model = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                var name = node switch
                {
                    InvocationExpressionSyntax invocation => InvokedName(invocation.Expression),
                    AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element }
                        when element.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax key && key.Token.ValueText == "AllowedHosts" => "AllowedHosts",
                    AssignmentExpressionSyntax assignment => InvokedName(assignment.Left),
                    _ => null,
                };

                if (name is null || !InterestingNames.Contains(name))
                {
                    continue;
                }

                model ??= compilation.GetSemanticModel(tree);
                var operation = model.GetOperation(node, cancellationToken);
                switch (operation)
                {
                    case IInvocationOperation { TargetMethod.Name: "AddMcpServer" } add
                        when McpSymbols.Implements(add.Type, symbols.McpServerBuilder):
                        servers.Add(new McpServerSetup(add, FluentChain.Follow(add, cancellationToken)));
                        break;
                    case IInvocationOperation map when symbols.IsMapMcp(map.TargetMethod):
                        endpoints.Add(McpEndpoint.Create(map, cancellationToken));
                        break;
                    case IInvocationOperation set when IsFallbackPolicySetter(set.TargetMethod, symbols)
                        && set.Arguments.Length > 0 && !IsNull(set.Arguments[set.Arguments.Length - 1].Value):
                        fallback.Add(set);
                        break;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation fallbackPolicy } assign
                        when symbols.IsProperty(fallbackPolicy.Property, symbols.AuthorizationOptions, "FallbackPolicy") && !IsNull(assign.Value):
                        fallback.Add(assign);
                        break;
                    case IInvocationOperation use when use.TargetMethod.Name.StartsWith("Use", StringComparison.Ordinal) && IsPipeline(use, symbols):
                        middleware.Add(use);
                        break;
                    case IInvocationOperation call when IsListenCall(call, symbols):
                        listen.Add(call);
                        break;
                    case IInvocationOperation addAuthentication when IsAddAuthentication(addAuthentication.TargetMethod, symbols):
                        authentication.Add(addAuthentication);
                        foreach (var chained in FluentChain.Follow(addAuthentication, cancellationToken))
                        {
                            if (chained.TargetMethod.Name.StartsWith("Add", StringComparison.Ordinal))
                            {
                                authentication.Add(chained);
                            }
                        }

                        break;
                    case IInvocationOperation addAuthorization
                        when symbols.IsMethod(addAuthorization.TargetMethod, symbols.AuthorizationServiceExtensions, "AddAuthorization")
                            || symbols.IsMethod(addAuthorization.TargetMethod, symbols.AuthorizationServiceExtensions, "AddAuthorizationBuilder")
                            || symbols.IsMethod(addAuthorization.TargetMethod, symbols.MvcCoreBuilderExtensions, "AddAuthorization"):
                        authorization.Add(addAuthorization);
                        break;
                    case IInvocationOperation addCors
                        when symbols.IsMethod(addCors.TargetMethod, symbols.CorsServiceExtensions, "AddCors")
                            || symbols.IsMethod(addCors.TargetMethod, symbols.MvcCorsBuilderExtensions, "AddCors"):
                        cors.Add(addCors);
                        break;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation hostsProperty } hosts
                        when symbols.IsProperty(hostsProperty.Property, symbols.HostFilteringOptions, "AllowedHosts")
                            || (hostsProperty.Property.IsIndexer && McpSymbols.Implements(hostsProperty.Property.ContainingType, symbols.Configuration)):
                        allowedHosts.Add(hosts.Value); // the indexer only with the "AllowedHosts" key (the syntax filter above)
                        break;
                    case IInvocationOperation hostBuilder when IsDefaultHostBuilder(hostBuilder.TargetMethod, symbols):
                        consoleLogging.Add(hostBuilder);
                        break;
                    case IInvocationOperation addRateLimiter when symbols.IsMethod(addRateLimiter.TargetMethod, symbols.RateLimiterServiceExtensions, "AddRateLimiter"):
                        rateLimiting.Add(addRateLimiter);
                        break;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation globalLimiter } assignLimiter
                        when symbols.IsProperty(globalLimiter.Property, symbols.RateLimiterOptions, "GlobalLimiter"):
                        rateLimiting.Add(assignLimiter);
                        break;
                    case IInvocationOperation clear when symbols.IsMethod(clear.TargetMethod, symbols.LoggingBuilderExtensions, "ClearProviders"):
                        consoleLogging.Add(clear);
                        break;
                    case IInvocationOperation addConsole
                        when ConsoleLoggerNames.Contains(addConsole.TargetMethod.Name) && symbols.IsMethod(addConsole.TargetMethod, symbols.ConsoleLoggerExtensions, addConsole.TargetMethod.Name):
                        consoleLogging.Add(addConsole);
                        break;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation thresholdProperty } threshold
                        when symbols.IsProperty(thresholdProperty.Property, symbols.ConsoleLoggerOptions, "LogToStandardErrorThreshold"):
                        consoleLogging.Add(threshold);
                        break;
                    case IInvocationOperation { TargetMethod.Name: "UseSetting", Arguments.Length: >= 2 } setting
                        when McpSymbols.Implements(setting.TargetMethod.ContainingType, symbols.WebHostBuilder)
                            && setting.Arguments[setting.Arguments.Length - 2].Value.ConstantValue.Value is string settingKey && string.Equals(settingKey, "AllowedHosts", StringComparison.OrdinalIgnoreCase):
                        allowedHosts.Add(setting.Arguments[setting.Arguments.Length - 1].Value);
                        break;
                }
            }
        }

        return new McpServerModel(
            servers.ToImmutable(),
            endpoints.ToImmutable(),
            fallback.ToImmutable(),
            middleware.ToImmutable(),
            listen.ToImmutable(),
            symbols.ReferencesMcp ? new McpPrimitiveIndex(compilation, primitives) : null,
            authentication.ToImmutable(),
            authorization.ToImmutable(),
            cors.ToImmutable(),
            allowedHosts.ToImmutable(),
            consoleLogging.ToImmutable(),
            rateLimiting.ToImmutable());
    }

    /// <summary><c>AuthorizationBuilder.SetFallbackPolicy</c>, also as overridden by a subclass.</summary>
    private static bool IsFallbackPolicySetter(IMethodSymbol method, McpSymbols symbols)
        => method.Name == "SetFallbackPolicy" && McpSymbols.InheritsFromOrEquals(method.ContainingType, symbols.AuthorizationBuilder);

    /// <summary>
    /// ASP.NET Core's <c>AddAuthentication</c>, or Microsoft.Identity.Web's <c>AddMicrosoftIdentityWebApiAuthentication</c>,
    /// which registers the JWT bearer scheme itself. The application's own helpers count through the real calls in
    /// their bodies, which the scan visits like any other code.
    /// </summary>
    private static bool IsAddAuthentication(IMethodSymbol method, McpSymbols symbols)
        => symbols.IsMethod(method, symbols.AuthenticationServiceExtensions, "AddAuthentication")
           || (method.Name == "AddMicrosoftIdentityWebApiAuthentication"
               && method.ContainingNamespace?.ToDisplayString() == "Microsoft.Identity.Web"
               && method.ContainingAssembly?.Name == "Microsoft.Identity.Web");

    /// <summary>The host builders that add the console logger: <c>Host.CreateApplicationBuilder</c>/<c>CreateDefaultBuilder</c>, <c>WebApplication.Create*Builder</c>, <c>WebHost.CreateDefaultBuilder</c>, <c>ConfigureDefaults</c>.</summary>
    private static bool IsDefaultHostBuilder(IMethodSymbol method, McpSymbols symbols)
        => method.Name switch
        {
            "CreateApplicationBuilder" => symbols.IsMethod(method, symbols.Host, method.Name),
            "CreateDefaultBuilder" => symbols.IsMethod(method, symbols.Host, method.Name) || symbols.IsMethod(method, symbols.WebHost, method.Name),
            "CreateBuilder" or "CreateSlimBuilder" => symbols.IsMethod(method, symbols.WebApplication, method.Name),
            "ConfigureDefaults" => symbols.IsMethod(method, symbols.HostBuilderExtensions, method.Name),
            _ => false,
        };

    private static bool IsListenCall(IInvocationOperation call, McpSymbols symbols)
    {
        var method = call.TargetMethod;
        if (method.Name.StartsWith("Listen", StringComparison.Ordinal))
        {
            return symbols.IsType(method.ContainingType, symbols.KestrelServerOptions);
        }

        if (method.Name == "UseUrls")
        {
            return symbols.IsType(method.ContainingType, symbols.WebHostBuilderExtensions);
        }

        // UseKestrel / ConfigureKestrel extensions on IWebHostBuilder
        return method.Parameters.Length > 0 && method.IsExtensionMethod && McpSymbols.Implements(method.Parameters[0].Type, symbols.WebHostBuilder);
    }

    /// <summary>A call on the request pipeline: an extension of <c>IApplicationBuilder</c>, or a method of a type implementing it (<c>WebApplication</c>).</summary>
    private static bool IsPipeline(IInvocationOperation invocation, McpSymbols symbols)
    {
        var receiverType = invocation.TargetMethod.IsExtensionMethod && invocation.TargetMethod.Parameters.Length > 0
            ? invocation.TargetMethod.Parameters[0].Type
            : invocation.TargetMethod.ContainingType;
        return McpSymbols.Implements(receiverType, symbols.ApplicationBuilder);
    }

    private static bool IsNull(IOperation value) => OperationExtensions.Unwrap(value).ConstantValue is { HasValue: true, Value: null };

    private static readonly Dictionary<int, string[]> InterestingNamesByLength = InterestingNames.GroupBy(n => n.Length).ToDictionary(g => g.Key, g => g.ToArray());

    /// <summary>
    /// A scan of the file's characters for a word that is one of <see cref="InterestingNames"/> (in code, a string or a
    /// comment alike: a superset of what the syntax walk can find), much cheaper than walking the tree. A file with a
    /// unicode escape, which could spell an identifier, is always walked.
    /// </summary>
    internal static bool MayMentionInterestingName(SyntaxTree tree, CancellationToken cancellationToken)
    {
        // The IDE keeps the trees of unchanged files from one compilation to the next: each file is scanned once.
        if (!PrefilterByTree.TryGetValue(tree, out var known))
        {
            known = PrefilterByTree.GetValue(tree, t => MayMentionInterestingName(t.GetText(cancellationToken)) ? Mentions : Silent);
        }

        return known == Mentions;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SyntaxTree, object> PrefilterByTree = new();
    private static readonly object Mentions = new();
    private static readonly object Silent = new();

    internal static bool MayMentionInterestingName(SourceText text)
    {
        var content = text.ToString();
        var start = -1;
        for (var i = 0; i <= content.Length; i++)
        {
            var c = i < content.Length ? content[i] : ' ';
            if (c == '\\' && i + 1 < content.Length && content[i + 1] is 'u' or 'U')
            {
                return true;
            }

            if (char.IsLetterOrDigit(c) || c == '_')
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0 && InterestingNamesByLength.TryGetValue(i - start, out var candidates))
            {
                foreach (var candidate in candidates)
                {
                    if (string.CompareOrdinal(content, start, candidate, 0, candidate.Length) == 0)
                    {
                        return true;
                    }
                }
            }

            start = -1;
        }

        return false;
    }

    internal static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };
}
