using System.ComponentModel;
using System.Diagnostics;
using ModelContextProtocol.Server;

namespace InsecureServer.Tools;

[McpServerToolType]
public sealed class ShellTools
{
    // MCPSEC012: the branch is spliced into git's command line: "--output=/etc/cron.d/x" becomes an option,
    // a space adds arguments of the caller's choosing.
    [McpServerTool(Name = "git_log"), Description("Shows the recent commits of a branch.")]
    public static string GitLog([Description("Branch name")] string branch)
    {
        using var process = Process.Start(new ProcessStartInfo("git", $"log --oneline -n 20 {branch}") { RedirectStandardOutput = true })!;
        return process.StandardOutput.ReadToEnd();
    }
}
