using System.ComponentModel;
using ModelContextProtocol.Server;

namespace InsecureServer.Tools;

[McpServerToolType]
public sealed class FileTools
{
    private const string Documents = "/srv/documents";

    // MCPSEC010: the caller's path reaches File.ReadAllText; Path.Combine is no containment ("/etc/passwd" replaces
    // the root, "../" walks out of it). MCPSEC014: the prefix check has no trailing separator, so
    // "/srv/documents-private/..." passes a check for "/srv/documents".
    [McpServerTool(Name = "read_file", ReadOnly = true), Description("Reads a text file from the shared documents folder.")]
    public static string ReadFile([Description("Path of the file")] string path)
    {
        var full = Path.GetFullPath(Path.Combine(Documents, path));
        if (!full.StartsWith(Documents, StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException("The file is outside the documents folder.");
        }

        return File.ReadAllText(full);
    }
}
