using System.ComponentModel;
using McpAnalyzers.Runtime;
using ModelContextProtocol.Server;

namespace SecureServer.Tools;

[McpServerToolType]
public sealed class FetchTools(UrlGuard urls, IHttpClientFactory clients)
{
    // Allowed hosts only, private and metadata addresses refused after DNS, redirects checked (MCPSEC013).
    [McpServerTool(Name = "fetch_url", ReadOnly = true), Description("Fetches a page from the allowed documentation hosts.")]
    public async Task<string> FetchUrl([Description("URL of the page")] string url)
        => await clients.CreateClient(nameof(FetchTools)).GetStringAsync(await urls.CheckAsync(url));
}
