using Microsoft.CodeAnalysis;

namespace McpAnalyzers;

/// <summary>Every descriptor the package ships, in one place.</summary>
public static class DiagnosticDescriptors
{
    public const string Category = "Security";

    /// <summary>The category of the infrastructure diagnostics (<c>MCPAnnn</c>): the analyzers' own configuration.</summary>
    public const string ConfigurationCategory = "Configuration";

    public static readonly DiagnosticDescriptor MCPSEC001 = Create(
        RuleIdentifiers.UnauthenticatedEndpoint,
        title: "MCP endpoint does not require authentication",
        messageFormat: "{0}",
        DiagnosticSeverity.Warning,
        description: "Anyone who can reach an MCP endpoint without authentication can list and call every tool. Require authorization on the MapMcp endpoint (or set a fallback policy) and register an authentication scheme.");

    public static readonly DiagnosticDescriptor MCPSEC002 = Create(
        RuleIdentifiers.AnonymousPrimitive,
        title: "MCP tool, prompt or resource allows anonymous access",
        messageFormat: "[AllowAnonymous] on {0} lets unauthenticated callers use it{1}",
        DiagnosticSeverity.Warning,
        description: "A method-level or type-level [AllowAnonymous] on an MCP primitive opens a bypass around the endpoint's authentication; on a type it also cancels every [Authorize] on its methods.");

    public static readonly DiagnosticDescriptor MCPSEC003 = Create(
        RuleIdentifiers.IneffectiveAuthorize,
        title: "[Authorize] on an MCP primitive has no effect",
        messageFormat: "[Authorize] on {0} has no effect: {1}",
        DiagnosticSeverity.Warning,
        description: "The MCP SDK applies [Authorize] to tools, prompts and resources only when the server builder calls AddAuthorizationFilters(), and never on the stdio transport, where there is no HTTP user.");

    public static readonly DiagnosticDescriptor MCPSEC010 = Create(
        RuleIdentifiers.UnrestrictedFilePath,
        title: "Tool input reaches a file-system API without a path guard",
        messageFormat: "Tool input {0} reaches {1} without a path guard{2}; resolve it against an allowed root with PathGuard",
        DiagnosticSeverity.Warning,
        description: "A tool that passes a caller's path to the file system reads or writes anything the server account can: /etc/passwd, SSH keys, the server's own secrets. Resolve the path against an allowed root (the runtime PathGuard, or Path.GetFullPath plus a separator-aware ordinal containment check) before the file-system call.");

    public static readonly DiagnosticDescriptor MCPSEC011 = Create(
        RuleIdentifiers.RawSqlText,
        title: "SQL text built from non-constant strings",
        messageFormat: "SQL text passed to {0} is built from non-constant strings{1}; pass values as parameters",
        DiagnosticSeverity.Warning,
        description: "SQL assembled by concatenation, interpolation, string.Format or a StringBuilder is one forgotten quote away from injection, whether or not tool input reaches it today. Keep the SQL text constant and pass values as parameters (ADO.NET parameters, a Dapper parameter object, EF Core FromSql/ExecuteSql with an interpolated FormattableString); quote identifiers with SqlGuard.Identifier.");

    public static readonly DiagnosticDescriptor MCPSEC012 = Create(
        RuleIdentifiers.ProcessExecution,
        title: "Tool input reaches process or code execution",
        messageFormat: "{1}: tool input {0} {2}; route it through CommandGuard",
        DiagnosticSeverity.Warning,
        description: "A tool that lets the caller choose the program, splice text into an argument string, pass an argument that starts with '-' to git/curl/ssh/tar, or run a shell or a script gives the model (and whoever controls its input) a shell on the server. Use a fixed executable from an allowlist, pass arguments as ArgumentList elements after '--', never a shell, and check values against an anchored pattern or allowlist; the runtime CommandGuard does all of that.");

    public static readonly DiagnosticDescriptor MCPSEC013 = Create(
        RuleIdentifiers.ServerSideRequestForgery,
        title: "Tool input chooses where the server connects (SSRF)",
        messageFormat: "Tool input {0} chooses the {2} of {1}; check it with UrlGuard",
        DiagnosticSeverity.Warning,
        description: "A tool that fetches a caller-chosen URL or opens a caller-chosen connection string reaches cloud metadata endpoints (169.254.169.254), localhost admin ports and the internal network from inside the server. Confine tool input to the path or query of a constant host (Uri.EscapeDataString, a constant-host template) or check the URL with the runtime UrlGuard: a scheme and host allowlist, and loopback, private, link-local and metadata addresses refused after DNS resolution.");

    public static readonly DiagnosticDescriptor MCPSEC015 = Create(
        RuleIdentifiers.CallerWrittenSql,
        title: "Tool input executed as SQL",
        messageFormat: "Tool input {0} is executed as SQL by {1}; {2}",
        DiagnosticSeverity.Warning,
        description: "A tool that runs SQL written by its caller lets the model (and any prompt injection that reaches it) read every table and, with a writable login, change or drop them. If the tool must accept SQL, run it on a read-only database login and check it first with SqlGuard.EnsureReadOnly, which refuses multiple statements and writes. A tool that changes data should offer fixed, parameterised statements instead; a caller-chosen stored procedure must be one of an allowlist (SqlGuard.Identifier).");

    public static readonly DiagnosticDescriptor MCPSEC014 = Create(
        RuleIdentifiers.BrokenPathContainment,
        title: "Broken path containment check",
        messageFormat: "{0} does not contain tool input {1}: {2}",
        DiagnosticSeverity.Warning,
        description: "A containment check that can be bypassed is worse than none: it looks like a guard. StartsWith(root) on a path not normalised with GetFullPath lets '../' through, a root without a trailing separator lets '/allowed_evil' pass '/allowed', a culture-sensitive comparison varies by locale, and Path.Combine(root, input) returns input itself when input is rooted.");

    public static readonly DiagnosticDescriptor MCPSEC020 = Create(
        RuleIdentifiers.HardcodedCredential,
        title: "Hard-coded credential in source",
        messageFormat: "{0} is hard-coded ({1}); read it from configuration or the environment, and rotate it: it is in your history",
        DiagnosticSeverity.Warning,
        description: "Credentials in source reach every clone, fork, build log and package of the code. Read them from configuration (user-secrets in development, the environment or a vault in production) and rotate any that were committed.");

    public static readonly DiagnosticDescriptor MCPSEC021 = Create(
        RuleIdentifiers.SecretInProjectFile,
        title: "Secret value in a project file",
        messageFormat: "'{0}' in {1} holds {2} ({3}); move it to user-secrets, the environment or a vault, and rotate it",
        DiagnosticSeverity.Warning,
        description: "appsettings*.json, .env and launchSettings.json files are committed and packaged with the server. Keep the key in the file with an empty value and supply the secret from user-secrets, the environment or a vault.");

    public static readonly DiagnosticDescriptor MCPSEC030 = Create(
        RuleIdentifiers.NoRateLimit,
        title: "HTTP MCP server without a rate limit",
        messageFormat: "The MCP endpoint has no rate limit: {0}; {1}",
        DiagnosticSeverity.Warning,
        description: "Without a limit, a leaked token, a runaway agent or a script calls tools as fast as the server answers: data is pulled out in minutes, paid APIs behind the tools run up bills, and the server falls over. Limit tool calls per caller (WithToolRateLimits() of the McpAnalyzers.Server package: 60 calls per minute per token by default, fewer for tools that change things), or put an ASP.NET Core rate-limiting policy on the MapMcp endpoint.");

    public static readonly DiagnosticDescriptor MCPSEC040 = Create(
        RuleIdentifiers.NoAuditLog,
        title: "MCP tool calls are not audited",
        messageFormat: "Tool calls to this MCP server are not recorded: {0}; {1}",
        DiagnosticSeverity.Warning,
        description: "Without a record of who called which tool with what, a leaked token or a prompt injection leaves no trace to investigate or to revoke. Record every tool call (WithAuditLog() of the McpAnalyzers.Server package: time, hashed caller, tool, hashed arguments, status, to a durable file, OpenTelemetry or the logger), or log each call in a call-tool filter.",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor MCPSEC050 = Create(
        RuleIdentifiers.LongLivedToken,
        title: "Long-lived or non-expiring token",
        messageFormat: "{0}; tokens must expire within {1} days so that a leaked one stops working",
        DiagnosticSeverity.Warning,
        description: "A token that lives for a year, or forever, turns one leak into permanent access. Cap lifetimes (90 days at most), keep ValidateLifetime and RequireExpirationTime on, and rotate.");

    public static readonly DiagnosticDescriptor MCPSEC051 = Create(
        RuleIdentifiers.AudienceNotValidated,
        title: "Token audience not validated",
        messageFormat: "{0}; the MCP specification requires servers to accept only tokens issued for them (RFC 8707)",
        DiagnosticSeverity.Warning,
        description: "Without audience validation a token issued for any other service of the same identity provider is accepted by the MCP server: the confused-deputy and token-passthrough attacks the MCP authorization spec forbids.");

    public static readonly DiagnosticDescriptor MCPSEC052 = Create(
        RuleIdentifiers.TokenPassthrough,
        title: "Token passthrough",
        messageFormat: "The caller's {0} is forwarded on an outbound request; exchange it for a token issued for the downstream service",
        DiagnosticSeverity.Warning,
        description: "The MCP specification forbids passing the client's access token through to other services: the downstream service cannot tell who is calling, audience checks are bypassed, and a stolen MCP token opens every service behind the server. Use OAuth token exchange or the server's own credentials.");

    public static readonly DiagnosticDescriptor MCPSEC060 = Create(
        RuleIdentifiers.ListenOnAllInterfaces,
        title: "Server listens on every network interface",
        messageFormat: "{0} binds the server to every network interface; bind to 127.0.0.1 / ListenLocalhost, or put it behind an authenticated reverse proxy",
        DiagnosticSeverity.Warning,
        description: "An MCP server reachable on 0.0.0.0, '*', '+' or [::] is exposed to every network the machine is on. Internet scans find such servers by the hundred. Bind to loopback unless the server sits behind an authenticating proxy.");

    public static readonly DiagnosticDescriptor MCPSEC061 = Create(
        RuleIdentifiers.HostOriginNotValidated,
        title: "MCP endpoint does not validate Host/Origin",
        messageFormat: "{0}; a web page can reach this server through DNS rebinding",
        DiagnosticSeverity.Warning,
        description: "The MCP specification requires HTTP servers to validate the Origin header on every request. Without Host and Origin validation, any web page a user visits can rebind its domain to the server's address and call its tools from the browser.");

    public static readonly DiagnosticDescriptor MCPSEC062 = Create(
        RuleIdentifiers.PredictableEndpointPath,
        title: "MCP endpoint path is predictable",
        messageFormat: "The MCP endpoint is mapped at the well-known path '{0}'; read the path from configuration",
        DiagnosticSeverity.Info,
        description: "Scanners probe '/', '/mcp', '/sse' and '/messages'. A deployment-specific path is a soft second layer; it is never a substitute for authentication.");

    public static readonly DiagnosticDescriptor MCPSEC063 = Create(
        RuleIdentifiers.LegacySseTransport,
        title: "Legacy SSE transport enabled",
        messageFormat: "EnableLegacySse = true maps the deprecated '/sse' and '/message' endpoints; remove it and use Streamable HTTP",
        DiagnosticSeverity.Warning,
        description: "The legacy HTTP+SSE transport (protocol 2024-11-05) keeps long-lived sessions addressable by a session id in the query string and maps extra well-known endpoints. Streamable HTTP replaces it.");

    public static readonly DiagnosticDescriptor MCPSEC070 = Create(
        RuleIdentifiers.ToolPoisoning,
        title: "Hidden instructions in model-visible metadata",
        messageFormat: "{0} contains {1}: text the model reads but the user does not see (tool poisoning)",
        DiagnosticSeverity.Warning,
        description: "Tool descriptions, titles, prompt text and server instructions go straight into the model's context. Invisible Unicode, control characters, pseudo-tags like <IMPORTANT> and instructions to hide things from the user or to redirect other tools are how tool-poisoning attacks hijack an agent.");

    public static readonly DiagnosticDescriptor MCPSEC071 = Create(
        RuleIdentifiers.StdoutOnStdio,
        title: "A stdio MCP server writes to stdout",
        messageFormat: "{0}",
        DiagnosticSeverity.Warning,
        description: "On the stdio transport, stdout carries the JSON-RPC protocol. Anything else written there (a Console.WriteLine in a tool, console log lines) corrupts frames or, worse, lets tool output forge protocol messages. Write diagnostics to stderr (Console.Error) or a logger whose console output goes to stderr (LogToStandardErrorThreshold = LogLevel.Trace).");

    /// <summary>
    /// MCPSEC071 for a write in a method a primitive calls (not in the primitive itself): which methods the primitives
    /// reach is a whole-program question, answered at the end of the compilation.
    /// </summary>
    public static readonly DiagnosticDescriptor MCPSEC071Callees = Create(
        RuleIdentifiers.StdoutOnStdio,
        title: MCPSEC071.Title.ToString(),
        messageFormat: MCPSEC071.MessageFormat.ToString(),
        MCPSEC071.DefaultSeverity,
        description: MCPSEC071.Description.ToString(),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor MCPSEC072 = Create(
        RuleIdentifiers.AnnotationContradictsBehavior,
        title: "Tool annotation contradicts what the tool does",
        messageFormat: "'{0}' is marked {1}, but it {2} ({3}); correct the annotation",
        DiagnosticSeverity.Warning,
        description: "Clients use ReadOnly and Destructive to decide whether a tool call needs the user's confirmation. A tool marked read-only that writes files, runs non-query SQL or sends non-GET HTTP requests is run without asking. Mark it ReadOnly = false (and Destructive = true when it deletes or overwrites), or remove the side effect.");

    public static readonly DiagnosticDescriptor MCPA002 = new(
        RuleIdentifiers.MalformedOption,
        title: "Malformed McpAnalyzers option",
        messageFormat: "McpAnalyzers option '{0}' has the malformed value '{1}': expected {2}; {3}",
        ConfigurationCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An mcpsec.* option in .editorconfig or .globalconfig whose value the analyzers cannot use would otherwise be silently ignored: a custom sink never checked, a lifetime cap never applied. The diagnostic names the key, the value and the form it must take; it is reported once per key per compilation.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.MalformedOption),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <param name="customTags"><see cref="WellKnownDiagnosticTags.CompilationEnd"/> for a rule that reports once the whole compilation is analysed.</param>
    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, DiagnosticSeverity severity, string description, params string[] customTags)
        => new(id, title, messageFormat, Category, severity, isEnabledByDefault: true, description, RuleIdentifiers.GetHelpUri(id), customTags);
}
