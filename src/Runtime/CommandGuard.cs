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
/// Runs programs for tools without giving the caller a shell: the program comes from an allowlist (shells and
/// script interpreters are refused even there), arguments go one by one into <see cref="ProcessStartInfo.ArgumentList"/>
/// after "--", never through a shell, and an argument that starts with '-' or holds control characters is
/// refused with <see cref="CommandGuardException"/>.
/// </summary>
public sealed class CommandGuard
{
    private static readonly ConcurrentDictionary<string, CommandGuard> EnvironmentGuards = new(StringComparer.Ordinal);

    private static readonly HashSet<string> Interpreters = new(StringComparer.OrdinalIgnoreCase)
    {
        "sh", "bash", "zsh", "dash", "ksh", "csh", "tcsh", "fish", "cmd", "powershell", "pwsh", "env", "sudo", "su", "doas", "xargs",
        "nohup", "busybox", "python", "python3", "node", "perl", "ruby", "php", "lua", "osascript", "wscript", "cscript", "mshta",
        "rundll32", "regsvr32",
    };

    private static readonly char[] Metacharacters = " \t\"'`\\$;&|<>(){}[]*?!~#%^=,\r\n".ToCharArray();

    private readonly HashSet<string> _allowed;
    private readonly CommandGuardOptions _options;

    /// <summary>Creates a guard that allows the given programs (names looked up on PATH, or full paths).</summary>
    public CommandGuard(params string[] allowedExecutables)
        : this(allowedExecutables, null)
    {
    }

    /// <summary>Creates a guard that allows the given programs, with options.</summary>
    /// <exception cref="ArgumentException">No program, an empty one, or a shell or script interpreter.</exception>
    public CommandGuard(IEnumerable<string> allowedExecutables, CommandGuardOptions? options)
    {
        ArgumentNullException.ThrowIfNull(allowedExecutables);
        _options = options ?? new CommandGuardOptions();
        _allowed = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var executable in allowedExecutables)
        {
            if (string.IsNullOrWhiteSpace(executable))
            {
                throw new ArgumentException("A CommandGuard program is empty. Configure each allowed program by name (git) or full path (/usr/bin/git).", nameof(allowedExecutables));
            }

            if (IsInterpreter(executable))
            {
                throw new ArgumentException($"'{executable}' is a shell or script interpreter: it would run whatever its arguments spell. Allow the programs themselves instead.", nameof(allowedExecutables));
            }

            _allowed.Add(executable.Trim());
        }

        if (_allowed.Count == 0)
        {
            throw new ArgumentException("CommandGuard needs at least one allowed program.", nameof(allowedExecutables));
        }
    }

    /// <summary>The programs this guard allows.</summary>
    public IReadOnlyCollection<string> AllowedExecutables => _allowed;

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

    /// <summary>Returns <paramref name="executable"/> when it is exactly one of the allowed programs.</summary>
    /// <exception cref="CommandGuardException">Not allowed.</exception>
    public string Executable(string executable)
    {
        if (string.IsNullOrWhiteSpace(executable))
        {
            throw new CommandGuardException(executable, CommandRefusal.Empty, "The program name is empty.");
        }

        RefuseControlCharacters(executable);
        if (!_allowed.Contains(executable))
        {
            throw new CommandGuardException(
                executable,
                CommandRefusal.ExecutableNotAllowed,
                $"The program '{SqlGuard.Printable(executable)}' is not allowed. Allowed: {string.Join(", ", _allowed)}.");
        }

        return executable;
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
        var info = new ProcessStartInfo(Executable(executable))
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

    /// <summary>True for shells, launchers and script interpreters (sh, cmd, pwsh, env, sudo, python...).</summary>
    public static bool IsInterpreter(string executable)
    {
        var name = Path.GetFileName(executable.Trim().Replace('\\', '/'));
        if (name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^4];
        }

        return Interpreters.Contains(name) || (name.StartsWith("python", StringComparison.OrdinalIgnoreCase) && name.Skip(6).All(c => char.IsDigit(c) || c == '.'));
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
