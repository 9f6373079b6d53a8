using System.Collections.Concurrent;
using System.Diagnostics;

namespace McpAnalyzers.Runtime;

/// <summary>Why <see cref="CommandGuard"/> refused a program or an argument.</summary>
public enum CommandRefusal
{
    /// <summary>Null, empty or white space.</summary>
    Empty,

    /// <summary>A program that is not in the allowlist.</summary>
    ExecutableNotAllowed,

    /// <summary>A value holding NUL, a line break or another control character.</summary>
    ControlCharacter,

    /// <summary>An argument starting with '-', which the program would read as an option.</summary>
    LeadingDash,

    /// <summary>A value for an arguments string holding whitespace, quotes or shell metacharacters.</summary>
    Metacharacter,

    /// <summary>A value longer than the configured maximum.</summary>
    TooLong,
}

/// <summary>Thrown when <see cref="CommandGuard"/> refuses; the message says what, why and what to do.</summary>
public sealed class CommandGuardException : UnauthorizedAccessException
{
    /// <summary>Creates the exception.</summary>
    public CommandGuardException(string? value, CommandRefusal reason, string message)
        : base(message)
    {
        Value = value;
        Reason = reason;
    }

    /// <summary>The refused value as the caller sent it.</summary>
    public string? Value { get; }

    /// <summary>Why it was refused.</summary>
    public CommandRefusal Reason { get; }
}

/// <summary>Options for <see cref="CommandGuard"/>.</summary>
public sealed class CommandGuardOptions
{
    /// <summary>Accept arguments that start with '-'. Default false: put such values after "--" instead.</summary>
    public bool AllowOptionArguments { get; set; }

    /// <summary>The longest argument accepted. Default 4096 characters.</summary>
    public int MaxArgumentLength { get; set; } = 4096;
}

/// <summary>
/// Runs programs for tools without giving the caller a shell: the program comes from an allowlist, resolved once at
/// construction to an absolute path (a bare name through the absolute directories of PATH, never the current or the
/// application directory), and that path is what runs. Shells, script interpreters, launchers that run their
/// arguments and script files are refused even there, by family and pattern (versioned names such as perl5.36.0 or
/// node20, the awk family, .bat/.cmd files). Arguments go one by one into
/// <see cref="ProcessStartInfo.ArgumentList"/> after "--", never through a shell, and an argument that starts with
/// '-' or holds control characters is refused with <see cref="CommandGuardException"/>.
/// </summary>
public sealed class CommandGuard
{
    private static readonly ConcurrentDictionary<string, CommandGuard> EnvironmentGuards = new(StringComparer.Ordinal);

    /// <summary>Shells: each runs a command line of its own.</summary>
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal)
    {
        "sh", "bash", "rbash", "zsh", "dash", "ash", "ksh", "mksh", "pdksh", "oksh", "loksh", "csh", "tcsh", "fish", "yash",
        "posh", "elvish", "nu", "xonsh", "busybox", "toybox", "cmd", "command", "powershell", "powershell_ise", "pwsh", "wsl",
    };

    /// <summary>Interpreters and programs with a command language that runs other programs (awk system(), sed e, sqlite .shell).</summary>
    private static readonly HashSet<string> Interpreters = new(StringComparer.Ordinal)
    {
        "python", "pythonw", "pypy", "perl", "ruby", "irb", "jruby", "php", "lua", "luajit", "node", "nodejs", "deno", "bun",
        "tsx", "ts-node", "java", "javaw", "jshell", "jrunscript", "jjs", "groovy", "groovysh", "scala", "kotlin", "kotlinc",
        "clojure", "clj", "r", "rscript", "julia", "guile", "racket", "tclsh", "wish", "expect", "awk", "sed", "gsed", "ed",
        "ex", "vi", "vim", "nvim", "emacs", "sqlite", "osascript", "wscript", "cscript", "mshta", "rundll32", "regsvr32",
        "msiexec", "dotnet", "csi", "dotnet-script", "erl", "escript", "elixir", "iex", "swift", "ocaml", "ghci", "runghc",
    };

    /// <summary>Launchers: each runs the program its arguments name.</summary>
    private static readonly HashSet<string> Launchers = new(StringComparer.Ordinal)
    {
        "env", "sudo", "su", "doas", "pkexec", "runuser", "sg", "newgrp", "xargs", "nohup", "nice", "ionice", "timeout",
        "setsid", "unshare", "nsenter", "chroot", "chrt", "taskset", "numactl", "stdbuf", "time", "strace", "ltrace", "gdb",
        "lldb", "valgrind", "watch", "flock", "script", "ssh", "rsh", "rlogin", "sshpass", "systemd-run", "start-stop-daemon",
        "daemonize", "setarch", "linux32", "linux64", "firejail", "bwrap", "proot", "fakeroot", "fakechroot", "capsh",
        "prlimit", "cgexec", "parallel", "at", "batch", "screen", "tmux", "xterm", "dbus-run-session", "dbus-launch",
        "unbuffer", "chronic", "sandbox-exec", "open", "xdg-open", "npx", "npm", "pnpm", "yarn", "pipx", "uvx", "forfiles",
        "wmic", "start", "cmstp",
    };

    /// <summary>Script files, which the OS hands to an interpreter (a .bat or .cmd file runs under cmd.exe).</summary>
    private static readonly string[] ScriptExtensions =
    {
        ".bat", ".cmd", ".ps1", ".psm1", ".vbs", ".vbe", ".js", ".jse", ".mjs", ".cjs", ".ts", ".wsf", ".wsh", ".hta",
        ".msc", ".scr", ".pif", ".lnk", ".sh", ".bash", ".zsh", ".py", ".pyw", ".pl", ".rb", ".php", ".lua", ".tcl",
        ".jar", ".awk",
    };

    private static readonly char[] Metacharacters = " \t\"'`\\$;&|<>(){}[]*?!~#%^=,\r\n".ToCharArray();

    private readonly Dictionary<string, string> _allowed;
    private readonly HashSet<string> _allowedPaths;
    private readonly CommandGuardOptions _options;

    /// <summary>Creates a guard that allows the given programs (names looked up on PATH now, or absolute paths).</summary>
    public CommandGuard(params string[] allowedExecutables)
        : this(allowedExecutables, null)
    {
    }

    /// <summary>Creates a guard that allows the given programs, with options.</summary>
    /// <exception cref="ArgumentException">
    /// No program, an empty one, a shell, launcher or script interpreter, a relative path, or a program that does not exist.
    /// </exception>
    public CommandGuard(IEnumerable<string> allowedExecutables, CommandGuardOptions? options)
    {
        ArgumentNullException.ThrowIfNull(allowedExecutables);
        _options = options ?? new CommandGuardOptions();
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _allowed = new Dictionary<string, string>(comparer);
        _allowedPaths = new HashSet<string>(comparer);
        foreach (var executable in allowedExecutables)
        {
            if (string.IsNullOrWhiteSpace(executable))
            {
                throw new ArgumentException("A CommandGuard program is empty. Configure each allowed program by name (git) or full path (/usr/bin/git).", nameof(allowedExecutables));
            }

            var name = executable.Trim();
            if (IsInterpreter(name))
            {
                throw new ArgumentException($"'{name}' is a shell, launcher or script interpreter (or a script one runs): it would run whatever its arguments spell. Allow the programs themselves instead.", nameof(allowedExecutables));
            }

            var path = Locate(name);
            var target = TryFinalTarget(path);
            if (target is not null && IsInterpreter(target))
            {
                throw new ArgumentException($"'{name}' is a link to '{target}', a shell, launcher or script interpreter: it would run whatever its arguments spell. Allow the programs themselves instead.", nameof(allowedExecutables));
            }

            _allowed[name] = path;
            _allowedPaths.Add(path);
            if (name.IndexOfAny(PathSeparators) >= 0)
            {
                _allowedPaths.Add(name);
            }
        }

        if (_allowed.Count == 0)
        {
            throw new ArgumentException("CommandGuard needs at least one allowed program.", nameof(allowedExecutables));
        }
    }

    /// <summary>The programs this guard allows.</summary>
    public IReadOnlyCollection<string> AllowedExecutables => _allowed.Keys;

    /// <summary>
    /// A guard for the programs listed in an environment variable (separated by ';' or ','), created once per
    /// variable, so that deployments choose what a server may run.
    /// </summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static CommandGuard FromEnvironment(string variableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variableName);
        return EnvironmentGuards.GetOrAdd(variableName, name =>
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException($"The environment variable {name} is not set. Set it to the programs this server's tools may run, separated by ';' (for example git;rg).");
            }

            return new CommandGuard(value.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), null);
        });
    }

    /// <summary>
    /// Returns the absolute path of <paramref name="executable"/> when it is exactly one of the allowed programs (by the
    /// name it was allowed under, or by its absolute path): run that path, not the name.
    /// </summary>
    /// <exception cref="CommandGuardException">Not allowed.</exception>
    public string Executable(string executable)
    {
        if (string.IsNullOrWhiteSpace(executable))
        {
            throw new CommandGuardException(executable, CommandRefusal.Empty, "The program name is empty.");
        }

        RefuseControlCharacters(executable);
        if (_allowed.TryGetValue(executable, out var path))
        {
            return path;
        }

        if (Path.IsPathFullyQualified(executable) && _allowedPaths.Contains(executable))
        {
            return executable;
        }

        throw new CommandGuardException(
            executable,
            CommandRefusal.ExecutableNotAllowed,
            $"The program '{SqlGuard.Printable(executable)}' is not allowed. Allowed: {string.Join(", ", _allowed.Keys)}.");
    }

    /// <summary>
    /// Returns <paramref name="value"/> for use as one <see cref="ProcessStartInfo.ArgumentList"/> element: no
    /// control characters, not longer than the maximum, and no leading '-' unless options allow it.
    /// </summary>
    /// <exception cref="CommandGuardException">The value was refused.</exception>
    public string Argument(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > _options.MaxArgumentLength)
        {
            throw new CommandGuardException(value, CommandRefusal.TooLong, $"The argument is {value.Length} characters long; at most {_options.MaxArgumentLength} are accepted.");
        }

        RefuseControlCharacters(value, allowLineBreaks: true);
        if (!_options.AllowOptionArguments && value.StartsWith('-'))
        {
            throw new CommandGuardException(
                value,
                CommandRefusal.LeadingDash,
                $"The argument '{SqlGuard.Printable(value)}' starts with '-', so the program would read it as an option. Pass it after \"--\" (CreateStartInfo does) or refuse such values.");
        }

        return value;
    }

    /// <summary>
    /// Returns <paramref name="value"/> for splicing into an arguments string: <see cref="Argument"/>'s checks,
    /// and no whitespace, quotes, backslashes or shell metacharacters, so it stays one plain word.
    /// Prefer <see cref="CreateStartInfo"/>, which needs no splicing.
    /// </summary>
    /// <exception cref="CommandGuardException">The value was refused.</exception>
    public string InlineArgument(string value)
    {
        Argument(value);
        var index = value.IndexOfAny(Metacharacters);
        if (index >= 0 || value.Length == 0)
        {
            throw new CommandGuardException(
                value,
                CommandRefusal.Metacharacter,
                index >= 0
                    ? $"The argument '{SqlGuard.Printable(value)}' holds '{value[index]}', which would split or change the command line. Pass it as an ArgumentList element instead."
                    : "The argument is empty.");
        }

        return value;
    }

    /// <summary>
    /// A start info for an allowed program: no shell, output and error redirected, the code's own
    /// <paramref name="options"/> first, then "--", then each of the caller's <paramref name="operands"/> checked with
    /// <see cref="Argument"/>.
    /// </summary>
    /// <exception cref="CommandGuardException">The program or an operand was refused.</exception>
    public ProcessStartInfo CreateStartInfo(string executable, IEnumerable<string> options, IEnumerable<string> operands)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(operands);
        var info = new ProcessStartInfo(Executable(executable)) // the absolute path resolved at construction
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var option in options)
        {
            RefuseControlCharacters(option);
            info.ArgumentList.Add(option);
        }

        info.ArgumentList.Add("--");
        foreach (var operand in operands)
        {
            info.ArgumentList.Add(Argument(operand));
        }

        return info;
    }

    /// <summary>
    /// True for shells, script interpreters and launchers that run their arguments (sh, cmd, pwsh, python, awk, sed,
    /// env, nice, timeout, xargs, ssh...), matched by family: case, a directory, ".exe" and a version suffix are ignored
    /// (perl5.36.0, php8.2, node20, python3.13t, wish8.6), any name ending in "awk" is an awk, a name whose first
    /// '-'-separated part is an interpreter is one (php-cgi), and script files (.bat, .cmd, .ps1, .sh, .py...) count.
    /// </summary>
    public static bool IsInterpreter(string executable)
    {
        ArgumentNullException.ThrowIfNull(executable);
        var name = Path.GetFileName(executable.Trim().Replace('\\', '/')).ToLowerInvariant();
        if (ScriptExtensions.Any(extension => name.EndsWith(extension, StringComparison.Ordinal)))
        {
            return true;
        }

        if (name.EndsWith(".exe", StringComparison.Ordinal))
        {
            name = name[..^4];
        }

        var family = WithoutVersion(name);
        if (Shells.Contains(family) || Interpreters.Contains(family) || Launchers.Contains(family) || family.EndsWith("awk", StringComparison.Ordinal))
        {
            return true;
        }

        var dash = name.IndexOf('-');
        return dash > 0 && Interpreters.Contains(WithoutVersion(name[..dash]));
    }

    private static readonly char[] PathSeparators = { '/', '\\' };

    /// <summary>The name without a version suffix: perl5.36.0, node20, python3.13t and lua-5.4 all give their family.</summary>
    private static string WithoutVersion(string name)
    {
        var end = name.Length;
        var abi = end;
        while (abi > 0 && end - abi < 2 && name[abi - 1] is 'd' or 'm' or 't' or 'u')
        {
            abi--;
        }

        if (abi < end && abi > 0 && char.IsAsciiDigit(name[abi - 1]))
        {
            end = abi; // an ABI suffix after a version: python3.13t, python3.7m
        }

        while (end > 0 && (char.IsAsciiDigit(name[end - 1]) || name[end - 1] is '.' or '-' or '_'))
        {
            end--;
        }

        return end == 0 ? name : name[..end];
    }

    /// <summary>
    /// The absolute path a configured program runs from: an absolute path as it is (it must exist), a bare name from the
    /// first absolute PATH directory that holds an executable file of that name. Relative paths are refused: they
    /// depend on the current directory.
    /// </summary>
    private static string Locate(string name)
    {
        if (name.IndexOfAny(PathSeparators) >= 0)
        {
            if (!Path.IsPathFullyQualified(name))
            {
                throw new ArgumentException($"'{name}' is a relative path, which depends on the current directory. Configure the program by name (looked up on PATH) or by absolute path.", "allowedExecutables");
            }

            var full = Path.GetFullPath(name);
            if (!File.Exists(full))
            {
                throw new ArgumentException($"The program '{name}' does not exist. Configure the absolute path of an installed program.", "allowedExecutables");
            }

            return full;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var candidates = OperatingSystem.IsWindows() && !Path.HasExtension(name) ? new[] { name + ".exe", name + ".com" } : new[] { name };
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Path.IsPathFullyQualified(directory))
            {
                continue; // "." and other relative entries would bring back the current directory
            }

            foreach (var candidate in candidates)
            {
                var file = Path.Combine(directory, candidate);
                if (File.Exists(file) && IsExecutableFile(file))
                {
                    return Path.GetFullPath(file);
                }
            }
        }

        throw new ArgumentException($"The program '{name}' was not found on PATH (absolute directories only). Install it, or configure its absolute path.", "allowedExecutables");
    }

    private static bool IsExecutableFile(string file)
        => OperatingSystem.IsWindows()
           || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static string? TryFinalTarget(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Refuses NUL and other control characters. Line breaks and tabs are allowed in a list element
    /// (<paramref name="allowLineBreaks"/>): it reaches the program as one argument, never through a shell, and text
    /// such as a multi-line query is a legitimate value; arguments strings and program names refuse them.
    /// </summary>
    private static void RefuseControlCharacters(string value, bool allowLineBreaks = false)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                throw new CommandGuardException(value, CommandRefusal.ControlCharacter, $"The value '{SqlGuard.Printable(value)}' holds a control character (NUL, escape, or a line break where one is not allowed). Such values are never passed to a program.");
            }
        }
    }
}
