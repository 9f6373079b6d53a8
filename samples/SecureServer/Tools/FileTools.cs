using System.ComponentModel;
using McpAnalyzers.Runtime;
using ModelContextProtocol.Server;

namespace SecureServer.Tools;

[McpServerToolType]
public sealed class FileTools(PathGuard documents)
{
    [McpServerTool(Name = "read_file", ReadOnly = true), Description("Reads a text file from the shared documents folder.")]
    public string ReadFile([Description("Path of the file, relative to the documents folder")] string path)
        => File.ReadAllText(documents.Resolve(path));
}
