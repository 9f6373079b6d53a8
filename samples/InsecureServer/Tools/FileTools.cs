using System.ComponentModel;
using ModelContextProtocol.Server;

namespace InsecureServer.Tools;

[McpServerToolType]
public sealed class FileTools
{
    // MCPSEC010: the caller's path reaches File.ReadAllText; MCPSEC014: Path.Combine is no containment
    // ("/etc/passwd" replaces the root, "../" walks out of it).
    [McpServerTool(Name = "read_file", ReadOnly = true), Description("Reads a text file from the shared documents folder.")]
    public static string ReadFile([Description("Path of the file")] string path)
        => File.ReadAllText(Path.Combine("/srv/documents", path));
}
