using System.ComponentModel;
using System.Net.Http.Headers;
using ModelContextProtocol.Server;

namespace InsecureServer.Tools;

[McpServerToolType]
public sealed class UpstreamTools(IHttpContextAccessor accessor, IHttpClientFactory clients)
{
    [McpServerTool(Name = "fetch_report", ReadOnly = true), Description("Fetches the daily report from the reporting API.")]
    public async Task<string> FetchReport(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://reports.internal.example/daily");
        // MCPSEC052: the MCP client's token is passed through to another service.
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(accessor.HttpContext!.Request.Headers.Authorization!);
        using var response = await clients.CreateClient().SendAsync(request, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
