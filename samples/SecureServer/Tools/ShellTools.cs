using System.ComponentModel;
using System.Diagnostics;
using McpAnalyzers.Runtime;
using ModelContextProtocol.Server;

namespace SecureServer.Tools;

[McpServerToolType]
public sealed class ShellTools(CommandGuard commands)
{
    // git from the allowlist, the branch as one argument after "--", never a shell (MCPSEC012). Not marked
    // ReadOnly: it starts a process, whose effects the annotation cannot vouch for (MCPSEC072).
    [McpServerTool(Name = "git_log"), Description("Shows the recent commits of a branch.")]
    public string GitLog([Description("Branch name")] string branch)
    {
        using var process = Process.Start(commands.CreateStartInfo("git", new[] { "log", "--oneline", "-n", "20" }, new[] { branch }))!;
        return process.StandardOutput.ReadToEnd();
    }
}
