using System.Globalization;
using System.Text;

namespace McpAnalyzers.Runtime;

/// <summary>Options for <see cref="PathGuard"/>.</summary>
public sealed class PathGuardOptions
{
    /// <summary>
    /// Accept absolute paths that lie inside a root. Default true; set false to accept only paths
    /// relative to the roots.
    /// </summary>
    public bool AllowAbsolutePaths { get; set; } = true;

    /// <summary>Resolve symbolic links and junctions before the containment check. Default true; keep it.</summary>
    public bool ResolveLinks { get; set; } = true;

    /// <summary>Compare paths ignoring case. Default: true on Windows and macOS, false elsewhere.</summary>
    public bool? IgnoreCase { get; set; }
}

/// <summary>
/// Confines file paths that come from tool input to one or more root directories. <see cref="Resolve"/>
/// returns the full path inside a root, or throws <see cref="PathGuardException"/> saying what was refused
/// and why. It normalises <c>..</c>, absolute and rooted input and mixed separators, refuses encoded and
/// look-alike tricks and Windows device/UNC/stream forms, and follows symbolic links before it decides.
/// </summary>
public sealed class PathGuard
{
    private static readonly string[] DeviceNames =
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    private readonly PathGuardOptions _options;
    private readonly StringComparison _comparison;
    private readonly string[] _roots;
    private readonly string[] _resolvedRoots;

    /// <summary>Creates a guard for the given root directories.</summary>
    public PathGuard(params string[] roots)
        : this(roots, null)
    {
    }

    /// <summary>Creates a guard for the given root directories with options.</summary>
    /// <exception cref="ArgumentException">No root, or a root that is empty or relative.</exception>
    public PathGuard(IEnumerable<string> roots, PathGuardOptions? options)
    {
        ArgumentNullException.ThrowIfNull(roots);
        _options = options ?? new PathGuardOptions();
        var ignoreCase = _options.IgnoreCase ?? (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS());
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        var list = new List<string>();
        foreach (var root in roots)
        {
            if (string.IsNullOrWhiteSpace(root))
            {
                throw new ArgumentException("A PathGuard root is empty. Configure each root as an absolute directory path.", nameof(roots));
            }

            if (!Path.IsPathFullyQualified(root))
            {
                throw new ArgumentException($"The PathGuard root '{root}' is relative. Configure roots as absolute paths (for example Path.Combine(AppContext.BaseDirectory, \"data\")).", nameof(roots));
            }

            list.Add(TrimEndSeparator(Path.GetFullPath(root)));
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("PathGuard needs at least one root directory.", nameof(roots));
        }

        _roots = list.ToArray();
        _resolvedRoots = _roots.Select(r => _options.ResolveLinks ? ResolveLinks(r) : r).ToArray();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PathGuard> EnvironmentGuards = new(StringComparer.Ordinal);

    /// <summary>
    /// A guard whose roots come from an environment variable (several roots separated by
    /// <see cref="Path.PathSeparator"/>), created once per variable. This is what the MCPSEC010 code fix
    /// inserts; with dependency injection, register a <see cref="PathGuard"/> and take it as a parameter instead.
    /// </summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static PathGuard FromEnvironment(string variableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variableName);
        return EnvironmentGuards.GetOrAdd(variableName, name =>
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"The environment variable {name} is not set. Set it to the absolute directory (or directories, separated by '{Path.PathSeparator}') that this server's file tools may use.");
            }

            return new PathGuard(value.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), null);
        });
    }

    /// <summary>
    /// True when <paramref name="path"/> resolves inside <paramref name="root"/>, exactly when <see cref="Resolve"/>
    /// would accept it: both normalised, compared ordinally per the OS's case rules with a separator boundary,
    /// symbolic links followed the way the OS follows them (a <c>..</c> after a link leaves the link's target, not
    /// the link's directory). Relative paths and roots are taken from the current directory. The drop-in
    /// replacement for <c>path.StartsWith(root)</c>.
    /// </summary>
    public static bool IsInside(string root, string? path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0'))
        {
            return false;
        }

        var guard = new PathGuard(new[] { Path.GetFullPath(root) }, null);
        // not Path.GetFullPath(path): it would collapse "link/.." before the links are followed
        return guard.TryResolve(Path.IsPathFullyQualified(path) ? path : Path.Combine(Environment.CurrentDirectory, path), out _, out _, out _);
    }

    /// <summary>The configured roots, normalised.</summary>
    public IReadOnlyList<string> Roots => _roots;

    /// <summary>Returns the full path of <paramref name="requestedPath"/> inside a root, or throws.</summary>
    /// <exception cref="PathGuardException">The path is refused; the message says why.</exception>
    public string Resolve(string? requestedPath)
    {
        if (TryResolve(requestedPath, out var fullPath, out var refusal, out var message))
        {
            return fullPath;
        }

        throw new PathGuardException(requestedPath, refusal, message);
    }

    /// <summary>Like <see cref="Resolve"/>, without throwing.</summary>
    public bool TryResolve(string? requestedPath, out string fullPath, out PathRefusal refusal, out string message)
    {
        fullPath = string.Empty;
        refusal = default;
        message = string.Empty;

        if (string.IsNullOrWhiteSpace(requestedPath))
        {
            return Refuse(PathRefusal.Empty, "The path is empty.", out refusal, out message);
        }

        var shown = Describe(requestedPath);
        if (requestedPath.Any(char.IsControl))
        {
            return Refuse(PathRefusal.ControlCharacter, $"The path {shown} contains a control character.", out refusal, out message);
        }

        if (HasEncodedSequence(requestedPath))
        {
            return Refuse(PathRefusal.EncodedSequence, $"The path {shown} contains percent-encoded dots or separators; send a plain path.", out refusal, out message);
        }

        if (HasLookAlike(requestedPath))
        {
            return Refuse(PathRefusal.LookAlikeCharacter, $"The path {shown} contains Unicode look-alikes of '.', '/' or '\\'.", out refusal, out message);
        }

        if (WindowsSpecial(requestedPath) is { } special)
        {
            return Refuse(PathRefusal.WindowsSpecialPath, $"The path {shown} is refused: {special}.", out refusal, out message);
        }

        // Both separators mean "directory" here, on every OS, so '..\' cannot slip past on Linux.
        var normalised = requestedPath.Replace('\\', '/');
        var absolute = normalised.StartsWith('/') || Path.IsPathRooted(normalised);
        if (absolute && !_options.AllowAbsolutePaths)
        {
            return Refuse(PathRefusal.Absolute, $"The path {shown} is absolute; send a path relative to the allowed directories.", out refusal, out message);
        }

        string? outsideCandidate = null;
        string? firstInside = null;
        for (var i = 0; i < _roots.Length; i++)
        {
            var candidate = absolute
                ? Path.GetFullPath(normalised)
                : Path.GetFullPath(Path.Combine(_roots[i], normalised.TrimStart('/')));
            candidate = TrimEndSeparator(candidate);
            if (!IsWithin(candidate, _roots[i]))
            {
                outsideCandidate ??= candidate;
                continue;
            }

            if (_options.ResolveLinks)
            {
                // the path as the OS walks it: links followed in order, each ".." applied to where the walk really is
                var real = ResolveLinks(absolute ? normalised : Path.Combine(_roots[i], normalised.TrimStart('/')));
                if (!IsWithin(real, _resolvedRoots[i]))
                {
                    return Refuse(PathRefusal.LinkOutsideRoots, $"The path {shown} leads through a symbolic link to '{real}', outside the allowed directories ({string.Join(", ", _roots)}).", out refusal, out message);
                }
            }

            // A relative path is looked up in each root in turn; a new file goes to the first root.
            if (absolute || File.Exists(candidate) || Directory.Exists(candidate))
            {
                fullPath = candidate;
                return true;
            }

            firstInside ??= candidate;
        }

        if (firstInside is not null)
        {
            fullPath = firstInside;
            return true;
        }

        return Refuse(
            PathRefusal.OutsideRoots,
            $"The path {shown} resolves to '{outsideCandidate}', outside the allowed directories ({string.Join(", ", _roots)}). Add a root to the PathGuard configuration if that location should be reachable.",
            out refusal,
            out message);
    }

    private bool IsWithin(string candidate, string root)
    {
        if (IsWithin(candidate, root, StringComparison.Ordinal))
        {
            return true;
        }

        // Ignoring case, another spelling of the root is the root only when the file system says so: on a
        // case-sensitive one, "/srv/Data" is a sibling of "/srv/data" (or nothing yet), not the root.
        return _comparison == StringComparison.OrdinalIgnoreCase
               && IsWithin(candidate, root, StringComparison.OrdinalIgnoreCase)
               && IsSameDirectory(candidate.Substring(0, root.Length), root);
    }

    private static bool IsWithin(string candidate, string root, StringComparison comparison)
        => string.Equals(candidate, root, comparison)
           || (candidate.Length > root.Length
               && candidate.StartsWith(root, comparison)
               && (candidate[root.Length] == Path.DirectorySeparatorChar || candidate[root.Length] == Path.AltDirectorySeparatorChar || IsFileSystemRoot(root)));

    /// <summary>True when both spellings name one existing directory: each component has the same name on disk.</summary>
    private static bool IsSameDirectory(string spelling, string root)
        => Directory.Exists(spelling) && Directory.Exists(root) && OnDiskSpelling(spelling) is { } a && OnDiskSpelling(root) is { } b
           && string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>
    /// The path with each component spelled as the directory entry the OS opens for it: the entry of exactly that
    /// name when there is one, else the one entry that differs only in case (a case-insensitive file system).
    /// </summary>
    private static string? OnDiskSpelling(string path)
    {
        var root = Path.GetPathRoot(path) ?? string.Empty;
        var current = root.ToUpperInvariant(); // drive letters; "/" is unchanged
        foreach (var part in path.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries))
        {
            string? actual = null;
            foreach (var entry in Directory.EnumerateFileSystemEntries(current.Length == 0 ? "." : current))
            {
                var name = Path.GetFileName(entry);
                if (string.Equals(name, part, StringComparison.Ordinal))
                {
                    actual = name;
                    break;
                }

                if (string.Equals(name, part, StringComparison.OrdinalIgnoreCase))
                {
                    actual ??= name;
                }
            }

            if (actual is null)
            {
                return null;
            }

            current = Path.Combine(current, actual);
        }

        return current;
    }

    private static bool IsFileSystemRoot(string root) => Path.GetPathRoot(root) is { } r && TrimEndSeparator(r) == root;

    /// <summary>
    /// The real location of <paramref name="path"/>, walked as the OS walks it: component by component from the root,
    /// every symbolic link or junction replaced by its (itself resolved) target when it is met, and each <c>..</c>
    /// applied to the real directory reached so far, so <c>link/..</c> is the parent of the link's target.
    /// Components that do not exist yet are kept as they are.
    /// </summary>
    private static string ResolveLinks(string path) => ResolveLinks(path, new int[1]);

    private static string ResolveLinks(string path, int[] linksFollowed)
    {
        var root = Path.GetPathRoot(path) ?? string.Empty;
        var parts = path.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        foreach (var part in parts)
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(TrimEndSeparator(current)) ?? current; // ".." of the root is the root
                continue;
            }

            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target && ++linksFollowed[0] <= 40)
            {
                // relative targets start at the link's own (real) directory; a loop stops after 40 links and the
                // containment check then judges the unresolved rest
                current = ResolveLinks(Path.IsPathRooted(target) ? target : Path.Combine(current, target), linksFollowed);
                continue;
            }

            current = next;
        }

        return TrimEndSeparator(current);
    }

    private static bool HasEncodedSequence(string path)
    {
        for (var i = 0; i + 2 < path.Length; i++)
        {
            if (path[i] == '%' && int.TryParse(path.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)
                && value is '.' or '/' or '\\' or '%' or 0 or 0xC0 or 0xC1 or 0xE0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasLookAlike(string path)
    {
        var normalised = path.Normalize(NormalizationForm.FormKC);
        if (normalised == path)
        {
            return false;
        }

        static int Count(string s) => s.Count(c => c is '.' or '/' or '\\' or ':');
        return Count(normalised) != Count(path) || path.Any(c => c is '\u2215' or '\u2044' or '\u29F8' or '\u2216' or '\u29F5' or '\uFE68');
    }

    private static string? WindowsSpecial(string path)
    {
        if (path.StartsWith(@"\\", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal))
        {
            return "UNC, device and extended-length prefixes (\\\\server, \\\\?\\, \\\\.\\) are not accepted";
        }

        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':' && (path.Length == 2 || (path[2] != '\\' && path[2] != '/')))
        {
            return "drive-relative paths (C:file) are not accepted";
        }

        var segments = path.Split('/', '\\');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Contains(':') && !(i == 0 && segment.Length == 2 && char.IsAsciiLetter(segment[0])))
            {
                return "alternate data streams and colons in names are not accepted";
            }

            var baseName = segment.Split('.')[0].TrimEnd(' ');
            if (DeviceNames.Any(d => string.Equals(d, baseName, StringComparison.OrdinalIgnoreCase)))
            {
                return $"'{segment}' is a Windows device name";
            }

            if (segment.Length > 0 && segment != "." && segment != ".." && (segment.EndsWith('.') || segment.EndsWith(' ')))
            {
                return "names ending in a dot or a space are not accepted (Windows strips them)";
            }
        }

        return null;
    }

    private static string TrimEndSeparator(string path)
    {
        var root = Path.GetPathRoot(path);
        while (path.Length > (root?.Length ?? 0) && (path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar)))
        {
            path = path.Substring(0, path.Length - 1);
        }

        return path;
    }

    private static string Describe(string path) => "'" + (path.Length > 200 ? path.Substring(0, 200) + "…" : path) + "'";

    private static bool Refuse(PathRefusal reason, string text, out PathRefusal refusal, out string message)
    {
        refusal = reason;
        message = text;
        return false;
    }
}
