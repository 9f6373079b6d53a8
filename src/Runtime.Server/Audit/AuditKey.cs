using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace McpAnalyzers.Runtime.Audit;

/// <summary>
/// Where the audit key comes from: <see cref="AuditOptions.HashKey"/>, else the <c>MCP_AUDIT_KEY</c> environment
/// variable, else a per-installation key file created on first start and kept beside the log (the first file sink's
/// folder; without one, the user's local application data). So <c>WithAuditLog()</c> works with no configuration,
/// stdio servers launched by a client included, and says at startup where its key is. A key that was set but is
/// malformed is an error: the server refuses to start and says how to fix it.
/// </summary>
internal static class AuditKey
{
    /// <summary>The name of the key file (base64, 32 random bytes, readable by the owner only).</summary>
    public const string FileName = ".mcp-audit.key";

    public const int MinimumBytes = 32;

    public static byte[] Resolve(AuditOptions options, string variable, ILogger logger)
    {
        if (options.HashKey is { } configured)
        {
            return configured.Length >= MinimumBytes
                ? configured
                : throw new InvalidOperationException($"AuditOptions.HashKey has {configured.Length} bytes; the audit log needs at least {MinimumBytes} (RandomNumberGenerator.GetBytes(32)).");
        }

        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } encoded)
        {
            return Decode(encoded) ?? throw new InvalidOperationException(
                $"{variable} must be a base64 key of at least {MinimumBytes} bytes (openssl rand -base64 32), or unset to use a per-installation key file.");
        }

        var path = KeyFilePath(options);
        try
        {
            var (key, created) = ReadOrCreate(path);
            logger.LogWarning(
                "MCP audit: {Variable} is not set; {Action} the per-installation audit key {Path}. Keep that file with the log (its chain verifies only with this key), and set {Variable} to share one key between instances.",
                variable, created ? "created" : "using", path, variable);
            return key;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(
                exception,
                "MCP audit: {Variable} is not set and the key file {Path} cannot be written; using a key for this run only: caller hashes change at restart and the log's chain verifies only until then. Set {Variable} (openssl rand -base64 32).",
                variable, path, variable);
            return RandomNumberGenerator.GetBytes(MinimumBytes);
        }
    }

    /// <summary>Beside the first file sink's log, else in the user's local application data, one file per application.</summary>
    public static string KeyFilePath(AuditOptions options)
    {
        foreach (var sink in options.Sinks)
        {
            if (sink is JsonLinesAuditSink file)
            {
                return Path.Combine(Path.GetFullPath(file.Directory), FileName);
            }
        }

        var application = AppDomain.CurrentDomain.FriendlyName;
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        if (string.IsNullOrEmpty(data))
        {
            data = Path.GetTempPath();
        }

        return Path.Combine(data, "McpAnalyzers", application + FileName);
    }

    private static (byte[] Key, bool Created) ReadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(MinimumBytes);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(path, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(Convert.ToBase64String(key));
            }

            return (key, true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // another instance created it first (or it was there already): use that one
        }

        for (var attempt = 0; ; attempt++)
        {
            var text = File.ReadAllText(path).Trim();
            if (Decode(text) is { } existing)
            {
                return (existing, false);
            }

            if (attempt >= 20)
            {
                throw new InvalidOperationException($"The audit key file {path} does not hold a base64 key of at least {MinimumBytes} bytes. Restore it from a backup (the log's chain verifies only with its key), or delete it to start a new chain.");
            }

            Thread.Sleep(50); // a concurrent creator may not have written it yet
        }
    }

    private static byte[]? Decode(string encoded)
    {
        try
        {
            var key = Convert.FromBase64String(encoded);
            return key.Length >= MinimumBytes ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
