namespace McpAnalyzers;

/// <summary>The fixed rule IDs of the catalogue (never renumbered, never reused).</summary>
public static class RuleIdentifiers
{
    public const string UnauthenticatedEndpoint = "MCPSEC001";
    public const string AnonymousPrimitive = "MCPSEC002";
    public const string IneffectiveAuthorize = "MCPSEC003";
    public const string HardcodedCredential = "MCPSEC020";
    public const string NoRateLimit = "MCPSEC030";
    public const string NoAuditLog = "MCPSEC040";
    public const string SecretInProjectFile = "MCPSEC021";
    public const string LongLivedToken = "MCPSEC050";
    public const string AudienceNotValidated = "MCPSEC051";
    public const string TokenPassthrough = "MCPSEC052";
    public const string ListenOnAllInterfaces = "MCPSEC060";
    public const string HostOriginNotValidated = "MCPSEC061";
    public const string PredictableEndpointPath = "MCPSEC062";
    public const string ToolPoisoning = "MCPSEC070";
    public const string StdoutOnStdio = "MCPSEC071";
    public const string AnnotationContradictsBehavior = "MCPSEC072";
    public const string LegacySseTransport = "MCPSEC063";
    public const string UnrestrictedFilePath = "MCPSEC010";
    public const string BrokenPathContainment = "MCPSEC014";
    public const string RawSqlText = "MCPSEC011";
    public const string ProcessExecution = "MCPSEC012";
    public const string ServerSideRequestForgery = "MCPSEC013";
    public const string CallerWrittenSql = "MCPSEC015";

    /// <summary>
    /// Infrastructure diagnostics are <c>MCPAnnn</c>: MCPA001 is the package's MSBuild warning for an unknown
    /// <c>McpAnalyzersMode</c> (buildTransitive/McpAnalyzers.targets); MCPA002 a malformed <c>mcpsec.*</c> option.
    /// </summary>
    public const string MalformedOption = "MCPA002";

    public const string HelpLinkBase = "https://github.com/mcpanalyzers/mcpanalyzers/blob/main/docs/rules/";

    public static string GetHelpUri(string id) => HelpLinkBase + id + ".md";
}
