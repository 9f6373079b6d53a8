using System.Collections.Immutable;
using static McpAnalyzers.Flow.FamilySpec;

namespace McpAnalyzers.Flow;

/// <summary>
/// Where the server connects (MCPSEC013): HTTP requests, relative URIs on a base address, database connection strings
/// and hosts. Safe: <c>UrlGuard.Check</c> and its forms, URL escaping, a constant comparison of the host (not of the
/// scheme or the path: <c>uri.Scheme == "https"</c> says nothing of where it goes), a fixed allowlist
/// (<see cref="CommonGuards"/>), and input placed after a constant prefix that fixes the scheme and the host
/// (<c>"https://api.example.com/items/" + id</c> chooses only the path; see <see cref="UrlConfinement"/>).
/// </summary>
internal static class UrlFamily
{
    private static readonly ImmutableHashSet<string> UrlParameters = Names("requestUri", "requestUriString", "address", "relativeUri");

    private static readonly ImmutableHashSet<string> ConnectionParameters = Names("connectionString");

    /// <summary>The type whose parts a comparison may test, and the parts that say where a URI goes.</summary>
    public const string UriType = "System.Uri";

    public static ImmutableHashSet<string> HostProperties { get; } = Names("Host", "IdnHost", "DnsSafeHost", "Authority", "AbsoluteUri", "OriginalString");

    public static FamilySpec Spec { get; } = new(
        "URLs and connection targets",
        SinkFamily.Url,
        ImmutableArray.Create(
            new SinkDefinition("System.Net.Http.HttpClient", "*", SinkKind.Method, SinkFamily.Url, UrlParameters),
            new SinkDefinition("System.Net.Http.HttpClient", "BaseAddress", SinkKind.PropertySet, SinkFamily.Url),
            new SinkDefinition("System.Net.Http.Json.HttpClientJsonExtensions", "*", SinkKind.Method, SinkFamily.Url, UrlParameters),
            new SinkDefinition("System.Net.Http.HttpRequestMessage", ".ctor", SinkKind.Constructor, SinkFamily.Url, UrlParameters),
            new SinkDefinition("System.Net.Http.HttpRequestMessage", "RequestUri", SinkKind.PropertySet, SinkFamily.Url),
            new SinkDefinition("System.Net.WebClient", "*", SinkKind.Method, SinkFamily.Url, UrlParameters),
            new SinkDefinition("System.Net.WebClient", "BaseAddress", SinkKind.PropertySet, SinkFamily.Url),
            new SinkDefinition("System.Net.WebRequest", "Create", SinkKind.Method, SinkFamily.Url, UrlParameters),
            new SinkDefinition("System.Net.WebRequest", "CreateHttp", SinkKind.Method, SinkFamily.Url, UrlParameters),
            new SinkDefinition("System.Uri", ".ctor", SinkKind.Constructor, SinkFamily.Url, Names("relativeUri")),
            new SinkDefinition("System.Data.Common.DbConnection", ".ctor", SinkKind.Constructor, SinkFamily.Url, ConnectionParameters),
            new SinkDefinition("System.Data.IDbConnection", "ConnectionString", SinkKind.PropertySet, SinkFamily.Url),
            new SinkDefinition("Npgsql.NpgsqlDataSource", "Create", SinkKind.Method, SinkFamily.Url, ConnectionParameters),
            new SinkDefinition("Npgsql.NpgsqlDataSourceBuilder", ".ctor", SinkKind.Constructor, SinkFamily.Url, ConnectionParameters),
            new SinkDefinition("Npgsql.NpgsqlConnectionStringBuilder", "Host", SinkKind.PropertySet, SinkFamily.Url),
            new SinkDefinition("Microsoft.Data.SqlClient.SqlConnectionStringBuilder", "DataSource", SinkKind.PropertySet, SinkFamily.Url),
            new SinkDefinition("MySqlConnector.MySqlConnectionStringBuilder", "Server", SinkKind.PropertySet, SinkFamily.Url),

            // the caller picks the database on the server (another tenant's, the server's own)
            new SinkDefinition("System.Data.IDbConnection", "ChangeDatabase", SinkKind.Method, SinkFamily.Url, Names("databaseName")),
            new SinkDefinition("System.Data.Common.DbConnection", "ChangeDatabaseAsync", SinkKind.Method, SinkFamily.Url, Names("databaseName")),
            new SinkDefinition("Npgsql.NpgsqlConnectionStringBuilder", "Database", SinkKind.PropertySet, SinkFamily.Url),
            new SinkDefinition("Microsoft.Data.SqlClient.SqlConnectionStringBuilder", "InitialCatalog", SinkKind.PropertySet, SinkFamily.Url),
            new SinkDefinition("MySqlConnector.MySqlConnectionStringBuilder", "Database", SinkKind.PropertySet, SinkFamily.Url)),
        ImmutableArray.Create(
            new SanitizerDefinition("McpAnalyzers.Runtime.UrlGuard", "Check", SinkFamily.Url),
            new SanitizerDefinition("McpAnalyzers.Runtime.UrlGuard", "CheckAsync", SinkFamily.Url),
            new SanitizerDefinition("McpAnalyzers.Runtime.UrlGuard", "TryCheck", SinkFamily.Url),
            new SanitizerDefinition("McpAnalyzers.Runtime.UrlGuard", "CheckConnectionString", SinkFamily.Url),
            new SanitizerDefinition("System.Uri", "EscapeDataString", SinkFamily.Url),
            new SanitizerDefinition("System.Net.WebUtility", "UrlEncode", SinkFamily.Url),
            new SanitizerDefinition("System.Web.HttpUtility", "UrlEncode", SinkFamily.Url)),
        ImmutableArray<GuardDefinition>.Empty);
}
