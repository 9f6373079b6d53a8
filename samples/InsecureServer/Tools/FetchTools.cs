using System.ComponentModel;
using ModelContextProtocol.Server;

namespace InsecureServer.Tools;

[McpServerToolType]
public sealed class FetchTools(IHttpClientFactory clients)
{
    // MCPSEC013: any URL the caller names, http://169.254.169.254/ (the VM's cloud credentials) and
    // http://localhost:8080/admin included.
    [McpServerTool(Name = "fetch_url"), Description("Fetches a web page and returns its text.")]
    public async Task<string> FetchUrl([Description("URL of the page")] string url)
        => await clients.CreateClient().GetStringAsync(url);
}
