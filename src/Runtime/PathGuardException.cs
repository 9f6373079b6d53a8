namespace McpAnalyzers.Runtime;

/// <summary>Why <see cref="PathGuard"/> refused a path.</summary>
public enum PathRefusal
{
    /// <summary>The path was null, empty or white space.</summary>
    Empty,

    /// <summary>The path holds a NUL or another control character.</summary>
    ControlCharacter,

    /// <summary>The path holds percent-encoded separators or dots (<c>%2e%2e%2f</c>): decode before calling, once.</summary>
    EncodedSequence,

    /// <summary>The path holds Unicode look-alikes of separators or dots (fullwidth solidus, one-dot leader...).</summary>
    LookAlikeCharacter,

    /// <summary>A device name, UNC or extended-length prefix, drive-relative path or alternate data stream.</summary>
    WindowsSpecialPath,

    /// <summary>An absolute path, while the guard accepts only paths relative to its roots.</summary>
    Absolute,

    /// <summary>The path, once normalised, lies outside every root.</summary>
    OutsideRoots,

    /// <summary>A symbolic link or junction on the way leads outside every root.</summary>
    LinkOutsideRoots,
}

/// <summary>Thrown when a requested path is refused; the message says what was refused, why, and how to allow it.</summary>
public sealed class PathGuardException : UnauthorizedAccessException
{
    /// <summary>Creates the exception.</summary>
    public PathGuardException(string? requestedPath, PathRefusal reason, string message)
        : base(message)
    {
        RequestedPath = requestedPath;
        Reason = reason;
    }

    /// <summary>The path as the caller (usually an MCP client) sent it.</summary>
    public string? RequestedPath { get; }

    /// <summary>Why it was refused.</summary>
    public PathRefusal Reason { get; }
}
