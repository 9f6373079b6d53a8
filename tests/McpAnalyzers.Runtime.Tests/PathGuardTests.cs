using McpAnalyzers.Runtime;

namespace McpAnalyzers.Runtime.Tests;

/// <summary>PathGuard against a traversal corpus and real symbolic links in a temporary directory.</summary>
public sealed class PathGuardTests : IDisposable
{
    private readonly string _base;
    private readonly string _root;
    private readonly string _outside;

    public PathGuardTests()
    {
        _base = Path.Combine(Path.GetTempPath(), "pathguard-" + Guid.NewGuid().ToString("N"));
        _root = Path.Combine(_base, "allowed");
        _outside = Path.Combine(_base, "secret");
        Directory.CreateDirectory(Path.Combine(_root, "docs", "nested"));
        Directory.CreateDirectory(_outside);
        File.WriteAllText(Path.Combine(_root, "docs", "readme.txt"), "ok");
        File.WriteAllText(Path.Combine(_outside, "id_rsa"), "secret");
        Directory.CreateDirectory(_root + "_evil");
    }

    public void Dispose() => Directory.Delete(_base, recursive: true);

    public static IEnumerable<string> TraversalCorpus()
    {
        var targets = new[] { "etc/passwd", "secret/id_rsa", "root/.ssh/id_rsa", "windows/win.ini", "allowed_evil/x" };
        var ups = new[] { "../", "..\\", "../../", "..\\..\\", "../../../../../../../../", "..\\..\\..\\..\\..\\..\\", "./../", "docs/../../", "docs/nested/../../../", "....//", "..././", ".../", "..;/", "../\\", "/..", "/../../" };
        var encodings = new Func<string, string>[]
        {
            s => s,
            s => s.Replace("../", "%2e%2e%2f"),
            s => s.Replace("../", "%2e%2e/"),
            s => s.Replace("../", "..%2f"),
            s => s.Replace("..\\", "..%5c"),
            s => s.Replace("../", "%252e%252e%252f"),
            s => s.Replace("../", "%c0%ae%c0%ae/"),
            s => s.Replace("/", "\uFF0F"),
            s => s.Replace("/", "\u2215"),
            s => s.Replace(".", "\uFF0E"),
            s => s.Replace("../", "\u2024\u2024/"),
            s => s.Replace("/", "/./"),
            s => s.Replace("/", "//"),
        };

        foreach (var up in ups)
        {
            foreach (var target in targets)
            {
                foreach (var encode in encodings)
                {
                    yield return encode(up + target);
                }
            }
        }

        foreach (var absolute in new[]
                 {
                     "/etc/passwd", "/etc/shadow", "/root/.ssh/id_rsa", "/proc/self/environ", "\\etc\\passwd", "//etc/passwd",
                     "\\\\server\\share\\file", "\\\\?\\C:\\Windows\\win.ini", "\\\\.\\pipe\\x", "C:\\Windows\\win.ini", "C:/Windows/win.ini",
                     "C:secret", "file.txt:stream", "docs/readme.txt::$DATA", "CON", "docs/NUL.txt", "aux", "COM1.log", "LPT9", "docs/evil.", "docs/evil ",
                     "file:///etc/passwd", "docs/\0../../etc/passwd", "docs/\n../etc/passwd", "", " ", "\t",
                 })
        {
            yield return absolute;
        }
    }

    [Fact]
    public void Corpus_EveryPathIsRefusedOrLandsInsideTheRoot()
    {
        var guard = new PathGuard(_root);
        var corpus = TraversalCorpus().ToList();
        Assert.True(corpus.Count > 1000, $"corpus has {corpus.Count} entries");

        var failures = new List<string>();
        foreach (var payload in corpus)
        {
            if (guard.TryResolve(payload, out var full, out _, out _)
                && !(full == _root || full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                failures.Add($"{payload} -> {full}");
            }
        }

        Assert.True(failures.Count == 0, "escaped the root:\n" + string.Join("\n", failures));
    }

    [Theory]
    [InlineData("docs/readme.txt")]
    [InlineData("docs\\readme.txt")]
    [InlineData("./docs/./readme.txt")]
    [InlineData("docs/nested/../readme.txt")]
    [InlineData("/docs/readme.txt")]
    public void NormalPaths_ResolveInsideTheRoot(string request)
    {
        var guard = new PathGuard(new[] { _root }, new PathGuardOptions { AllowAbsolutePaths = false });
        if (request.StartsWith('/'))
        {
            Assert.Throws<PathGuardException>(() => guard.Resolve(request));
            return;
        }

        Assert.Equal(Path.Combine(_root, "docs", "readme.txt"), guard.Resolve(request));
    }

    [Fact]
    public void AbsolutePathInsideRoot_IsAccepted_WhenAllowed()
    {
        var guard = new PathGuard(_root);
        var inside = Path.Combine(_root, "docs", "readme.txt");
        Assert.Equal(inside, guard.Resolve(inside));
    }

    [Fact]
    public void SiblingWithSamePrefix_IsRefused()
    {
        var guard = new PathGuard(_root);
        var error = Assert.Throws<PathGuardException>(() => guard.Resolve(_root + "_evil/x"));
        Assert.Equal(PathRefusal.OutsideRoots, error.Reason);
        Assert.Contains("outside the allowed directories", error.Message);
        Assert.Contains("Add a root", error.Message);
    }

    [Fact]
    public void SymlinkToOutside_IsRefused_AndSymlinkInside_IsAccepted()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "escape"), _outside);
        File.CreateSymbolicLink(Path.Combine(_root, "key"), Path.Combine(_outside, "id_rsa"));
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), Path.Combine(_outside, "missing"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "alias"), Path.Combine(_root, "docs"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "docs", "nested", "up"), "../../../secret");
        var guard = new PathGuard(_root);

        foreach (var request in new[] { "escape/id_rsa", "escape", "key", "dangling", "docs/nested/up/id_rsa", "escape/new-file.txt" })
        {
            var error = Assert.Throws<PathGuardException>(() => guard.Resolve(request));
            Assert.Equal(PathRefusal.LinkOutsideRoots, error.Reason);
        }

        Assert.Equal(Path.Combine(_root, "alias", "readme.txt"), guard.Resolve("alias/readme.txt"));
    }

    [Fact]
    public void RootThatIsItselfALink_IsResolvedOnce()
    {
        var linkedRoot = Path.Combine(_base, "linked-root");
        Directory.CreateSymbolicLink(linkedRoot, _root);
        var guard = new PathGuard(linkedRoot);
        Assert.Equal(Path.Combine(linkedRoot, "docs", "readme.txt"), guard.Resolve("docs/readme.txt"));
    }

    [Fact]
    public void SeveralRoots_RelativePathFindsTheRootWhereItExists()
    {
        var second = Path.Combine(_base, "second");
        Directory.CreateDirectory(second);
        File.WriteAllText(Path.Combine(second, "only-here.txt"), "x");
        var guard = new PathGuard(_root, second);

        Assert.Equal(Path.Combine(second, "only-here.txt"), guard.Resolve("only-here.txt"));
        Assert.Equal(Path.Combine(_root, "new.txt"), guard.Resolve("new.txt"));
        Assert.Equal(Path.Combine(second, "only-here.txt"), guard.Resolve(Path.Combine(second, "only-here.txt")));
    }

    [Theory]
    [InlineData(null, PathRefusal.Empty)]
    [InlineData("", PathRefusal.Empty)]
    [InlineData("a\0b", PathRefusal.ControlCharacter)]
    [InlineData("%2e%2e%2fetc", PathRefusal.EncodedSequence)]
    [InlineData("..\uFF0Fetc", PathRefusal.LookAlikeCharacter)]
    [InlineData("NUL", PathRefusal.WindowsSpecialPath)]
    [InlineData("\\\\?\\C:\\x", PathRefusal.WindowsSpecialPath)]
    [InlineData("../etc/passwd", PathRefusal.OutsideRoots)]
    public void Refusals_SayWhy(string? request, PathRefusal reason)
    {
        var guard = new PathGuard(_root);
        var error = Assert.Throws<PathGuardException>(() => guard.Resolve(request));
        Assert.Equal(reason, error.Reason);
        Assert.Equal(request, error.RequestedPath);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void BadRoots_AreRejectedAtConstruction()
    {
        Assert.Throws<ArgumentException>(() => new PathGuard());
        Assert.Throws<ArgumentException>(() => new PathGuard("relative/dir"));
        Assert.Throws<ArgumentException>(() => new PathGuard(" "));
    }

    [Fact]
    public void CaseRules_FollowTheOption()
    {
        var upper = _root.ToUpperInvariant();
        var insensitive = new PathGuard(new[] { _root }, new PathGuardOptions { IgnoreCase = true, ResolveLinks = false });
        var sensitive = new PathGuard(new[] { _root }, new PathGuardOptions { IgnoreCase = false, ResolveLinks = false });

        // Ignoring case accepts another spelling of the root only where it is the root: on a case-insensitive file
        // system (where the other spelling opens it); on a case-sensitive one it is another (or no) directory.
        var caseInsensitiveFileSystem = Directory.Exists(upper);
        Assert.Equal(caseInsensitiveFileSystem, insensitive.TryResolve(Path.Combine(upper, "x"), out _, out _, out _));
        Assert.False(sensitive.TryResolve(Path.Combine(upper, "x"), out _, out var reason, out _));
        Assert.Equal(PathRefusal.OutsideRoots, reason);
    }

    [Fact]
    public void IgnoreCase_OnACaseSensitiveFileSystem_RefusesASiblingSpelledLikeTheRoot()
    {
        var sibling = Path.Combine(_base, "ALLOWED");
        if (Directory.Exists(sibling))
        {
            return; // a case-insensitive file system: "ALLOWED" is the root itself
        }

        Directory.CreateDirectory(sibling);
        File.WriteAllText(Path.Combine(sibling, "secret.txt"), "secret");
        var guard = new PathGuard(new[] { _root }, new PathGuardOptions { IgnoreCase = true });

        var error = Assert.Throws<PathGuardException>(() => guard.Resolve(Path.Combine(sibling, "secret.txt")));
        Assert.Equal(PathRefusal.OutsideRoots, error.Reason);
        Assert.Equal(Path.Combine(_root, "docs", "readme.txt"), guard.Resolve(Path.Combine(_root, "docs", "readme.txt")));
    }

    [Fact]
    public void DotDotAfterALink_IsJudgedWhereTheFileSystemGoes_NotLexically()
    {
        var deep = Path.Combine(_outside, "deep");
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "secret");
        Directory.CreateSymbolicLink(Path.Combine(_root, "link"), deep);
        var request = Path.Combine(_root, "link") + "/../secret.txt";
        if (!OperatingSystem.IsWindows())
        {
            // .NET's File APIs collapse ".." first, but the OS (and any program the path is handed to) follows the link, then goes up
            using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/cat") { ArgumentList = { request }, RedirectStandardOutput = true })!;
            Assert.Equal("secret", cat.StandardOutput.ReadToEnd());
            cat.WaitForExit();
        }

        Assert.False(PathGuard.IsInside(_root, request));
        var guard = new PathGuard(_root);
        Assert.Equal(PathRefusal.LinkOutsideRoots, Assert.Throws<PathGuardException>(() => guard.Resolve("link/../secret.txt")).Reason);
        Assert.Equal(PathRefusal.LinkOutsideRoots, Assert.Throws<PathGuardException>(() => guard.Resolve(request)).Reason);
        Assert.Equal(Path.Combine(_root, "docs", "readme.txt"), guard.Resolve("docs/nested/../readme.txt"));
    }
}

public sealed class PathGuardStaticTests
{
    [Fact]
    public void FromEnvironment_ReadsRoots_AndExplainsWhenUnset()
    {
        var variable = "MCPSEC_TEST_ROOT_" + Guid.NewGuid().ToString("N");
        var error = Assert.Throws<InvalidOperationException>(() => PathGuard.FromEnvironment(variable));
        Assert.Contains(variable, error.Message);

        var root = Path.GetTempPath();
        Environment.SetEnvironmentVariable(variable, root);
        try
        {
            var guard = PathGuard.FromEnvironment(variable);
            Assert.Same(guard, PathGuard.FromEnvironment(variable));
            Assert.Equal(Path.Combine(Path.GetFullPath(root), "x.txt"), guard.Resolve("x.txt"));
            Assert.Throws<PathGuardException>(() => guard.Resolve("../../etc/passwd"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("/srv/data", "/srv/data/a.txt", true)]
    [InlineData("/srv/data", "/srv/data", true)]
    [InlineData("/srv/data/", "/srv/data/sub/../a.txt", true)]
    [InlineData("/srv/data", "/srv/data_evil/a.txt", false)]
    [InlineData("/srv/data", "/srv/data/../secret", false)]
    [InlineData("/srv/data", "/etc/passwd", false)]
    [InlineData("/srv/data", null, false)]
    public void IsInside_IsSeparatorAwareAndNormalised(string root, string? path, bool inside)
        => Assert.Equal(inside, PathGuard.IsInside(root, path));
}
