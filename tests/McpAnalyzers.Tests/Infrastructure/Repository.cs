namespace McpAnalyzers.Tests.Infrastructure;

/// <summary>Locates files of this repository from the test's output folder.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "McpAnalyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("McpAnalyzers.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());
}
