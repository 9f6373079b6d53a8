using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.UnrestrictedFilePathAnalyzer, McpAnalyzers.CodeFixes.Rules.UnrestrictedFilePathCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC010: tool input reaching file-system APIs, through the flow engine.</summary>
public class UnrestrictedFilePathTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using McpAnalyzers.Runtime;
        using ModelContextProtocol.Server;

        """;

    private const string CombineNote = " (Path.Combine(root, input) does not confine it: a rooted input such as '/etc/passwd' replaces the root)";

    private static string Tools(string members) => Usings + $$"""
        System.Console.WriteLine();

        [McpServerToolType]
        public sealed class FileTools
        {
            private const string Root = "/srv/documents";

        {{members}}
        }
        """;

    [Theory]
    [InlineData("File.ReadAllText({|#0:path|})")]
    [InlineData("File.ReadAllText({|#0:Path.Combine(Root, path)|})")]
    [InlineData("File.ReadAllText({|#0:Root + \"/\" + path|})")]
    [InlineData("File.ReadAllText({|#0:$\"{Root}/{path}\"|})")]
    [InlineData("File.ReadAllText({|#0:string.Format(\"{0}/{1}\", Root, path)|})")]
    [InlineData("File.ReadAllText({|#0:Path.Join(Root, path.Trim())|})")]
    [InlineData("File.ReadAllText({|#0:new StringBuilder(Root).Append('/').Append(path).ToString()|})")]
    [InlineData("new FileInfo({|#0:path|}).Length.ToString()")]
    [InlineData("new StreamReader({|#0:path|}).ReadToEnd()")]
    [InlineData("string.Join(',', Directory.GetFiles({|#0:path|}))")]
    public async Task DirectFlows_AreReported(string expression)
    {
        var source = Tools($$"""
                [McpServerTool, Description("Reads a file")]
                public string Read(string path) => {{expression}};
            """);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    /// <summary>
    /// A type of the user's own named like a collection proves nothing: its <c>Contains</c> may accept anything (here
    /// every name that is not empty). Only membership of the collection interfaces, LINQ and MemoryExtensions counts
    /// as an allowlist; before the families were matched by symbol any method named Contains did.
    /// </summary>
    [Theory]
    [InlineData("Names.Contains(path)")]
    [InlineData("Prefix.Contains(path)")]
    public async Task ContainsThatIsNotCollectionMembership_IsNoAllowlist(string check)
    {
        var source = Tools($$"""
                private static readonly LooseList Names = new();
                private const string Prefix = "/srv/documents/reports/annual";

                [McpServerTool]
                public string Read(string path) => {{check}} ? File.ReadAllText({|#0:path|}) : "unknown";

                public sealed class LooseList
                {
                    public bool Contains(string name) => name.Length > 0;
                }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    [Fact]
    public async Task WritesDeletesAndMoves_AreReported_AndTheMessageNamesTheInput()
    {
        var source = Tools("""
                [McpServerTool]
                public void Save(string name, string content, string target)
                {
                    var file = Path.Combine(Root, name);
                    File.WriteAllText({|#0:file|}, content);
                    File.Move({|#1:file|}, {|#2:target|});
                    Directory.Delete({|#3:target|}, recursive: true);
                }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: new[]
        {
            VerifyCS.Diagnostic("MCPSEC010").WithLocation(0).WithArguments("'name'", "File.WriteAllText", CombineNote),
            VerifyCS.Diagnostic("MCPSEC010").WithLocation(1).WithArguments("'name'", "File.Move", CombineNote),
            VerifyCS.Diagnostic("MCPSEC010").WithLocation(2).WithArguments("'target'", "File.Move", ""),
            VerifyCS.Diagnostic("MCPSEC010").WithLocation(3).WithArguments("'target'", "Directory.Delete", ""),
        });
    }

    [Fact]
    public async Task ObjectMembersCollectionsAndOutValues_CarryTaint()
    {
        var source = Tools("""
                public record ReadRequest(string Path, int MaxBytes);

                [McpServerTool]
                public async Task<string> Read(ReadRequest request, string[] more, CancellationToken ct)
                {
                    var first = await File.ReadAllTextAsync({|#0:request.Path|}, ct);
                    var paths = new List<string>();
                    paths.Add(more[0]);
                    var second = File.ReadAllText({|#1:paths[0]|});
                    var lookup = new Dictionary<string, string> { ["x"] = request.Path };
                    lookup.TryGetValue("x", out var third);
                    return first + second + File.ReadAllText({|#2:third|}!);
                }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: new[]
        {
            VerifyCS.AnyMessage("MCPSEC010").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC010").WithLocation(1),
            VerifyCS.AnyMessage("MCPSEC010").WithLocation(2),
        });
    }

    [Fact]
    public async Task InjectedServiceInAnotherFile_IsFollowed_AndReportedAtItsSink()
    {
        var tool = Usings + """
            System.Console.WriteLine();

            [McpServerToolType]
            public sealed class DocumentTools(IDocumentStore store)
            {
                [McpServerTool]
                public string Open(string name) => store.Load(name);
            }
            """;
        var service = """
            using System.IO;

            public interface IDocumentStore
            {
                string Load(string name);
            }

            public sealed class DiskDocumentStore : IDocumentStore
            {
                public string Load(string name) => File.ReadAllText({|#0:Locate(name)|});

                private static string Locate(string name) => Path.Combine("/srv/docs", name + ".md");
            }
            """;

        await VerifyCS.AnalyzerAsync(new[] { tool, service }, [], expected: VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    // The implementations behind an injected interface are found however their declarations name it: through a using
    // alias, a base class that implements it, a generic interface, the other part of a partial class, a qualified
    // name, or an interface that extends it.
    [Theory]
    [InlineData("using Store = Docs.IStore;\npublic sealed class Disk : Store { public string Load(string name) => File.ReadAllText({|#0:name|}); }")]
    [InlineData("public abstract class StoreBase : Docs.IStore { public abstract string Load(string name); }\npublic sealed class Disk : StoreBase { public override string Load(string name) => File.ReadAllText({|#0:name|}); }")]
    [InlineData("public partial class Disk : Docs.IStore { }\npublic partial class Disk { public string Load(string name) => File.ReadAllText({|#0:name|}); }")]
    [InlineData("public interface ICachedStore : Docs.IStore { }\npublic sealed class Disk : ICachedStore { public string Load(string name) => File.ReadAllText({|#0:name|}); }")]
    [InlineData("namespace Docs.Disk { public sealed class Disk : global::Docs.IStore { public string Load(string name) => System.IO.File.ReadAllText({|#0:name|}); } }")]
    public async Task ImplementationsInOtherFiles_AreFoundHoweverTheyNameTheInterface(string implementation)
    {
        var tool = Usings + """
            System.Console.WriteLine();

            [McpServerToolType]
            public sealed class DocumentTools(Docs.IStore store)
            {
                [McpServerTool]
                public string Open(string name) => store.Load(name);
            }

            namespace Docs
            {
                public interface IStore { string Load(string name); }
            }
            """;

        await VerifyCS.AnalyzerAsync(new[] { tool, "using System.IO;\n" + implementation }, [], expected: VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    [Fact]
    public async Task AGenericInterfaceImplementedForText_IsFollowed()
    {
        var tool = Usings + """
            System.Console.WriteLine();

            [McpServerToolType]
            public sealed class DocumentTools(IReader<string> reader)
            {
                [McpServerTool]
                public string Open(string name) => reader.Read(name);
            }

            public interface IReader<T> { string Read(T key); }
            """;
        const string implementation = """
            using System.IO;

            public sealed class FileReader : IReader<string> { public string Read(string key) => File.ReadAllText({|#0:key|}); }
            """;

        await VerifyCS.AnalyzerAsync(new[] { tool, implementation }, [], expected: VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    [Fact]
    public async Task HelperReturningThePath_IsFollowedBackOut()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(string path)
                {
                    var full = Resolve(path);
                    return File.ReadAllText({|#0:full|});
                }

                private static string Resolve(string relative) => Path.GetFullPath(Path.Combine(Root, relative));
            """);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    [Fact]
    public async Task DelegatePassedToCreate_AndResourceTemplate_AreAnalysed()
    {
        var source = Usings + """
            using Microsoft.Extensions.DependencyInjection;

            var tool = McpServerTool.Create((string file) => File.ReadAllText({|#0:file|}), new() { Name = "cat" });
            var safe = McpServerTool.Create((string file) => File.ReadAllText(Path.Combine("/srv", Path.GetFileName(file))), new() { Name = "cat2" });

            public static class Resources
            {
                [McpServerResource(UriTemplate = "file://{name}")]
                public static string Note(string name) => File.ReadAllText({|#1:"/srv/notes/" + name|});
            }
            """;

        await VerifyCS.AnalyzerAsync(source, expected: new[]
        {
            VerifyCS.AnyMessage("MCPSEC010").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC010").WithLocation(1),
        });
    }

    [Fact]
    public async Task LambdasAndLocalFunctionsInsideTools_AreAnalysed()
    {
        var source = Tools("""
                [McpServerTool]
                public string[] ReadAll(string[] files)
                {
                    return files.Select(f => File.ReadAllText({|#0:f|})).ToArray();
                }

                [McpServerTool]
                public string ReadOne(string file)
                {
                    return Load(file);

                    static string Load(string p) => File.ReadAllText({|#1:p|});
                }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: new[]
        {
            VerifyCS.AnyMessage("MCPSEC010").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC010").WithLocation(1),
        });
    }

    [Fact]
    public async Task RawRequestArguments_InAHandler_AreUntrusted()
    {
        var source = Usings + """
            using System.Text.Json;
            using Microsoft.Extensions.DependencyInjection;
            using ModelContextProtocol.Protocol;

            System.Console.WriteLine();

            static class Setup
            {
                public static void Configure(IServiceCollection services)
                    => services.AddMcpServer().WithCallToolHandler(async (context, ct) =>
                    {
                        var path = context.Params!.Arguments!["path"].GetString()!;
                        var text = await File.ReadAllTextAsync({|#0:path|}, ct);
                        return new CallToolResult { Content = [new TextContentBlock { Text = text }] };
                    });
            }
            """;

        await VerifyCS.AnalyzerAsync(source.Replace("using McpAnalyzers.Runtime;\n", string.Empty), expected: VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    [Fact]
    public async Task CheckThatDoesNotDominateTheSink_IsNoGuard()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(string path, bool strict)
                {
                    var full = Path.GetFullPath(Path.Combine(Root, path));
                    if (strict && !full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        throw new UnauthorizedAccessException();
                    }

                    return File.ReadAllText({|#0:full|});
                }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    [Fact]
    public async Task WeakChecks_AreNoGuard()
    {
        var source = Tools("""
                [McpServerTool]
                public string NotNormalised(string path)
                {
                    var full = Path.Combine(Root, path);
                    if (!full.StartsWith(Root + "/", StringComparison.Ordinal)) throw new UnauthorizedAccessException();
                    return File.ReadAllText({|#0:full|});
                }

                [McpServerTool]
                public string OnlyExists(string path)
                {
                    if (!File.Exists(path)) return "missing";
                    return File.ReadAllText({|#1:path|});
                }

                [McpServerTool]
                public string ReplacesSlashes(string path)
                {
                    var cleaned = path.Replace("../", string.Empty);
                    return File.ReadAllText({|#2:"/srv/" + cleaned|});
                }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: new[]
        {
            VerifyCS.AnyMessage("MCPSEC010").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC010").WithLocation(1),
            VerifyCS.AnyMessage("MCPSEC010").WithLocation(2),
        });
    }

    [Fact]
    public async Task Sdk1_IsReported()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(string path) => File.ReadAllText({|#0:path|});
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk1, VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    [Fact]
    public async Task PreviewSdk_IsReported()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(IMcpServer server, string path) => File.ReadAllText({|#0:path|});
            """);

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdkPreview, VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    [Fact]
    public async Task Guards_AreRecognised_IsQuiet()
    {
        var source = Tools("""
                private static readonly string RootWithSeparator = Path.GetFullPath(Root) + Path.DirectorySeparatorChar;
                private static readonly HashSet<string> Allowed = new() { "a.txt", "b.txt" };
                private static readonly Dictionary<string, string> Reports = new() { ["daily"] = "/srv/reports/daily.csv" };

                [McpServerTool]
                public string WithPathGuard(PathGuard guard, string path) => File.ReadAllText(guard.Resolve(path));

                [McpServerTool]
                public string WithTryResolve(PathGuard guard, string path)
                    => guard.TryResolve(path, out var full, out _, out _) ? File.ReadAllText(full) : "refused";

                [McpServerTool]
                public string ReassignedThroughTheGuard(PathGuard guard, string path)
                {
                    path = guard.Resolve(path);
                    return File.ReadAllText(path);
                }

                [McpServerTool]
                public string FullPathAndSeparator(string path)
                {
                    var full = Path.GetFullPath(Path.Combine(Root, path));
                    if (!full.StartsWith(RootWithSeparator, StringComparison.Ordinal))
                    {
                        throw new UnauthorizedAccessException(path);
                    }

                    return File.ReadAllText(full);
                }

                [McpServerTool]
                public string RelativePathCheck(string path)
                {
                    var full = Path.GetFullPath(Path.Combine(Root, path));
                    var relative = Path.GetRelativePath(Root, full);
                    if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
                    {
                        return "refused";
                    }

                    return File.ReadAllText(full);
                }

                [McpServerTool]
                public string Allowlisted(string name) => Allowed.Contains(name) ? File.ReadAllText(Path.Combine(Root, name)) : "unknown";

                [McpServerTool]
                public string LookupTable(string report) => Reports.TryGetValue(report, out var file) ? File.ReadAllText(file) : "unknown";

                [McpServerTool]
                public string ConstantSwitch(string kind) => kind switch
                {
                    "a" => File.ReadAllText(Path.Combine(Root, kind)),
                    _ => "unknown",
                };

                [McpServerTool]
                public string FileNameOnly(string name) => File.ReadAllText(Path.Combine(Root, Path.GetFileName(name)));

                [McpServerTool]
                public string Numbers(int id, Guid key) => File.ReadAllText(Path.Combine(Root, $"{id}-{key}.json"));

                [McpServerTool]
                public bool ExistsIsNoSink(string path) => File.Exists(path);

                [McpServerTool]
                public string RuntimeIsInside(string path)
                {
                    if (!PathGuard.IsInside(Root, path)) throw new UnauthorizedAccessException();
                    return File.ReadAllText(path);
                }

                public string NotATool(string path) => File.ReadAllText(path);
            """);

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task GuardHelperInAnotherFile_IsRecognised_IsQuiet()
    {
        var tool = Usings + """
            System.Console.WriteLine();

            [McpServerToolType]
            public sealed class FileTools
            {
                [McpServerTool]
                public string Read(string path)
                {
                    if (!Paths.IsUnder("/srv/documents", path))
                    {
                        throw new UnauthorizedAccessException("outside the documents folder");
                    }

                    return File.ReadAllText(path);
                }
            }
            """;
        var helper = """
            using System;
            using System.IO;

            public static class Paths
            {
                public static bool IsUnder(string root, string candidate)
                {
                    var full = Path.GetFullPath(candidate);
                    var prefix = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
                    return full.StartsWith(prefix, StringComparison.Ordinal);
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(new[] { tool, helper }, []);
    }

    /// <summary>A workspace service whose Resolve starts with <paramref name="firstCase"/>, then checks containment.</summary>
    private static string Workspace(string firstCase) => $$"""
        using System;
        using System.IO;

        public interface IWorkspace
        {
            string Resolve(string relative);
        }

        public sealed class Workspace : IWorkspace
        {
            private readonly string _root = Path.GetFullPath("/srv/workspace");

            public string Resolve(string relative)
            {
        {{firstCase}}

                var full = Path.GetFullPath(Path.Combine(_root, relative));
                if (full != _root && !full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new UnauthorizedAccessException($"'{relative}' is outside the workspace");
                }

                return full;
            }
        }
        """;

    /// <summary>
    /// A service resolves the caller's path and returns it only when it lies under the root (throwing otherwise); the
    /// tools use what it returns. Every return of the method passes a recognised guard, so the method is a sanitizer
    /// for its result, also when the tool reaches it through an injected interface.
    /// </summary>
    [Fact]
    public async Task AResolverWhoseEveryReturnIsGuarded_IsASanitizer_ThroughAnInterface()
    {
        var tool = Usings + """
            System.Console.WriteLine();

            [McpServerToolType]
            public sealed class FileTools(IWorkspace workspace)
            {
                [McpServerTool]
                public string Read(string path) => File.ReadAllText(workspace.Resolve(path));

                [McpServerTool]
                public string[] List(string folder) => Directory.GetFiles(workspace.Resolve(folder));
            }
            """;
        var service = Workspace("""
                    if (string.IsNullOrWhiteSpace(relative))
                    {
                        return _root;
                    }
            """);

        await VerifyCS.AnalyzerAsync(new[] { tool, service }, []);
    }

    /// <summary>
    /// A guard object of the project in the Try pattern: on true, the out value is a path it checked. The caller's
    /// out variable is clean on the true edge; an out value it did not check stays tool input.
    /// </summary>
    [Fact]
    public async Task ATryResolveGuardOfTheProject_CleansItsOutValueWhenTrue()
    {
        var tool = Usings + """
            System.Console.WriteLine();

            [McpServerToolType]
            public sealed class FileTools(Jail jail)
            {
                [McpServerTool]
                public string Read(string path) => jail.TryResolve(path, out var resolved) ? File.ReadAllText(resolved) : "outside the jail";

                [McpServerTool]
                public string ReadLoose(string path) => jail.TryNormalize(path, out var normalized) ? File.ReadAllText({|#0:normalized|}) : "bad path";
            }
            """;
        var jail = """
            using System;
            using System.IO;

            public sealed class Jail
            {
                private readonly string _root = Path.GetFullPath("/srv/jail") + Path.DirectorySeparatorChar;

                public bool TryResolve(string path, out string resolved)
                {
                    resolved = string.Empty;
                    var full = Path.GetFullPath(Path.Combine(_root, path));
                    if (!full.StartsWith(_root, StringComparison.Ordinal))
                    {
                        return false;
                    }

                    resolved = full;
                    return true;
                }

                public bool TryNormalize(string path, out string normalized)
                {
                    normalized = Path.GetFullPath(path);
                    return normalized.Length > 0;
                }
            }
            """;

        await VerifyCS.AnalyzerAsync(new[] { tool, jail }, [], expected: VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    /// <summary>The same service with one return that skips the check is no sanitizer: the tool is reported.</summary>
    [Fact]
    public async Task AResolverWithOneUncheckedReturn_IsNoSanitizer()
    {
        var tool = Usings + """
            System.Console.WriteLine();

            [McpServerToolType]
            public sealed class FileTools(IWorkspace workspace)
            {
                [McpServerTool]
                public string Read(string path) => File.ReadAllText({|#0:workspace.Resolve(path)|});
            }
            """;
        var service = Workspace("""
                    if (Path.IsPathRooted(relative))
                    {
                        return relative;
                    }
            """);

        await VerifyCS.AnalyzerAsync(new[] { tool, service }, [], expected: VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    /// <summary>A validation method that throws unless the path is under the root, called before the sink, guards it.</summary>
    [Fact]
    public async Task AValidatorThatThrowsBeforeTheSink_IsAGuard()
    {
        var source = Tools("""
                private static void EnsureUnderRoot(string candidate)
                {
                    var full = Path.GetFullPath(candidate);
                    if (!full.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        throw new UnauthorizedAccessException("outside the documents folder");
                    }
                }

                [McpServerTool]
                public string Read(string path)
                {
                    EnsureUnderRoot(path);
                    return File.ReadAllText(path);
                }

                [McpServerTool]
                public string ReadAfterTheSink(string path)
                {
                    var text = File.ReadAllText({|#0:path|});
                    EnsureUnderRoot(path);
                    return text;
                }
            """);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    /// <summary>
    /// The normalised path with its trailing separators trimmed and one appended still stands for the input: a sound
    /// check on it guards the input itself.
    /// </summary>
    [Fact]
    public async Task ACheckOnTheNormalisedPathWithASeparator_GuardsTheInput()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(string path)
                {
                    var target = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
                    if (!target.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    {
                        throw new UnauthorizedAccessException(path);
                    }

                    return File.ReadAllText(path);
                }
            """);

        await VerifyCS.AnalyzerAsync(source);
    }

    /// <summary>
    /// A tool value used as a key picks a path from configuration: a dictionary look-up, a search of configured roots by
    /// name, a switch that maps names to constants. The caller chooses among the server's paths, not a path.
    /// </summary>
    [Fact]
    public async Task LookUpsByToolValue_AreNoFlows()
    {
        var source = Tools("""
                private readonly Dictionary<string, string> _projects = new() { ["web"] = "/srv/web", ["api"] = "/srv/api" };
                private readonly List<RootEntry> _roots = new() { new RootEntry("docs", "/srv/docs") };

                [McpServerTool]
                public string ReadProject(string name) => File.ReadAllText(Path.Combine(_projects[name], "README.md"));

                [McpServerTool]
                public string ReadProjectSafely(string name)
                    => _projects.TryGetValue(name, out var folder) ? File.ReadAllText(Path.Combine(folder, "README.md")) : "unknown";

                [McpServerTool]
                public string[] ListRoot(string name) => Directory.GetFiles(_roots.First(r => r.Name == name).Path);

                [McpServerTool]
                public string ReadLog(string kind)
                {
                    var file = kind switch
                    {
                        "app" => "/var/log/app.log",
                        "web" => "/var/log/web.log",
                        _ => throw new ArgumentException("unknown log"),
                    };
                    return File.ReadAllText(file);
                }

                [McpServerTool]
                public string ReadUnder(string name, string path) => File.ReadAllText({|#0:Path.Combine(_projects[name], path)|});

                public sealed record RootEntry(string Name, string Path);
            """);

        await VerifyCS.AnalyzerAsync(source, expected: VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
    }

    /// <summary>
    /// Libraries that open a file by path: a table of the common ones (a PDF reader), and for a library method the
    /// table does not list, a parameter named as a file path of a method that opens, loads or saves (an image
    /// encoder extension), reported with that said. A library parameter named otherwise is no sink.
    /// </summary>
    [Fact]
    public async Task LibrariesThatOpenAPath_AreSinks()
    {
        var source = Usings + """
            System.Console.WriteLine();

            [McpServerToolType]
            public sealed class DocumentTools
            {
                [McpServerTool]
                public int Pages(string path)
                {
                    using var document = UglyToad.PdfPig.PdfDocument.Open({|#0:path|});
                    return document.NumberOfPages;
                }

                [McpServerTool]
                public void Thumbnail(string output)
                {
                    using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(16, 16);
                    SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, {|#1:output|});
                }

                [McpServerTool]
                public string Describe(string name) => new SixLabors.ImageSharp.Configuration().ToString() + name;
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2Data, new[]
        {
            VerifyCS.Diagnostic("MCPSEC010").WithLocation(0).WithArguments("'path'", "PdfDocument.Open", ""),
            VerifyCS.Diagnostic("MCPSEC010").WithLocation(1).WithArguments("'output'", "ImageExtensions.SaveAsPng (a file sink by its parameter name)", ""),
        });
    }

    [Fact]
    public async Task TrustedParametersAndCleanServices_AreQuiet()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(IServiceProvider services, CancellationToken ct, McpServer server)
                    => File.ReadAllText(Path.Combine(Root, "fixed.txt"));

                [McpServerTool]
                public string Count(string path) => Helper.CountLines(Root);
            }

            public static class Helper
            {
                public static string CountLines(string file) => File.ReadAllLines(file).Length.ToString();
            """);

        await VerifyCS.AnalyzerAsync(source);
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig)]
    [InlineData(OptionFile.GlobalConfig)]
    public async Task Options_AddSinksAndSanitizers(OptionFile file)
    {
        var test = await VerifyCS.CreateAsync(null, null);
        test.TestState.Sources.Add(Tools("""
                [McpServerTool]
                public string Upload(string name) => Storage.Put({|#0:name|});

                [McpServerTool]
                public string Read(string name) => File.ReadAllText(Checks.Clean(name));
            }

            public static class Storage
            {
                public static string Put(string key) => key;
            }

            public static class Checks
            {
                public static string Clean(string value) => value;
            """));
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(
            file,
            "mcpsec.MCPSEC010.extra_sinks = Storage.Put(key)",
            "mcpsec.MCPSEC010.sanitizer_methods = Checks.Clean"));
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("MCPSEC010").WithLocation(0).WithArguments("'name'", "Storage.Put", ""));
        await test.RunAsync();
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig)]
    [InlineData(OptionFile.GlobalConfig)]
    public async Task OptionsForAllRules_AddSinksAndSanitizers(OptionFile file)
    {
        var test = await VerifyCS.CreateAsync(null, null);
        test.TestState.Sources.Add(Tools("""
                [McpServerTool]
                public string Upload(string name) => Storage.Put({|#0:name|});

                [McpServerTool]
                public string Read(string name) => File.ReadAllText(Checks.Clean(name));
            }

            public static class Storage
            {
                public static string Put(string key) => key;
            }

            public static class Checks
            {
                public static string Clean(string value) => value;
            """));
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(
            file,
            "mcpsec.extra_sinks = Storage.Put(key)",
            "mcpsec.sanitizer_methods = Checks.Clean"));
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("MCPSEC010").WithLocation(0).WithArguments("'name'", "Storage.Put", ""));
        await test.RunAsync();
    }

    [Theory]
    [InlineData(OptionFile.EditorConfig, true)]
    [InlineData(OptionFile.GlobalConfig, true)]
    [InlineData(OptionFile.GlobalConfig, false)]
    public async Task TrustedTypes_AreNotToolInput(OptionFile file, bool trusted)
    {
        var test = await VerifyCS.CreateAsync(null, null);
        test.TestState.Sources.Add(Tools("""
                [McpServerTool]
                public string Read(MyCompany.Tools.ToolContext context) => File.ReadAllText({|#0:context.Folder|});
            """));
        test.TestState.Sources.Add("""
            namespace MyCompany.Tools;

            public sealed class ToolContext { public string Folder { get; set; } = ""; }
            """);
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.Of(file, "mcpsec.trusted_types = " + (trusted ? "MyCompany.Tools.ToolContext" : "MyCompany.Tools.OtherContext")));
        if (!trusted)
        {
            test.ExpectedDiagnostics.Add(VerifyCS.AnyMessage("MCPSEC010").WithLocation(0));
        }

        await test.RunAsync();
    }

    [Fact]
    public async Task CompilationWideOptions_InASectionForAnotherFile_ApplyToTheWholeProgram()
    {
        var test = await VerifyCS.CreateAsync(null, null);
        test.TestState.Sources.Add(("/0/Tools.cs", Tools("""
                [McpServerTool]
                public string Upload(string name) => Storage.Put({|#0:name|});

                [McpServerTool]
                public string Read(string name) => File.ReadAllText(Checks.Clean(name));

                [McpServerTool]
                public string Open(MyCompany.Tools.ToolContext context) => File.ReadAllText(context.Folder);
            """)));
        test.TestState.Sources.Add(("/0/Storage.cs", """
            public static class Storage
            {
                public static string Put(string key) => key;
            }

            public static class Checks
            {
                public static string Clean(string value) => value;
            }

            namespace MyCompany.Tools
            {
                public sealed class ToolContext { public string Folder { get; set; } = ""; }
            }
            """));
        test.TestState.AnalyzerConfigFiles.Add(OptionFiles.EditorConfigSection(
            "Storage.cs",
            "mcpsec.MCPSEC010.extra_sinks = Storage.Put(key)",
            "mcpsec.sanitizer_methods = Checks.Clean",
            "mcpsec.trusted_types = MyCompany.Tools.ToolContext"));
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic("MCPSEC010").WithLocation(0).WithArguments("'name'", "Storage.Put", ""));
        await test.RunAsync();
    }

    [Fact]
    public async Task NoMcpSdk_IsQuiet()
    {
        const string source = """
            using System.IO;

            System.Console.WriteLine(Read(args[0]));

            static string Read(string path) => File.ReadAllText(path);
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.ConsoleOnly);
    }

    [Fact]
    public async Task Fix_ResolvesThePathWithTheGuard()
    {
        var source = Tools("""
                [McpServerTool]
                public string Read(string path) => File.ReadAllText({|#0:path|});

                [McpServerTool]
                public void Write(string name, string text) => File.WriteAllText({|#1:Path.Combine("/srv/out", name)|}, text);

                [McpServerTool]
                public string ReadUnder(string folder, string name)
                {
                    var file = Path.Combine(Root, folder, name);
                    return File.ReadAllText({|#2:file|});
                }
            """);
        var fixedSource = Tools("""
                [McpServerTool]
                public string Read(string path) => File.ReadAllText(PathGuard.FromEnvironment("MCP_FILES_ROOT").Resolve(path));

                [McpServerTool]
                public void Write(string name, string text) => File.WriteAllText(new PathGuard(System.IO.Path.GetFullPath("/srv/out")).Resolve(name), text);

                [McpServerTool]
                public string ReadUnder(string folder, string name)
                {
                    var file = new PathGuard(System.IO.Path.GetFullPath(Root)).Resolve(System.IO.Path.Combine(folder, name));
                    return File.ReadAllText(file);
                }
            """);

        await VerifyCS.FixAsync(source, fixedSource, expected: new[]
        {
            VerifyCS.AnyMessage("MCPSEC010").WithLocation(0),
            VerifyCS.Diagnostic("MCPSEC010").WithLocation(1).WithArguments("'name'", "File.WriteAllText", CombineNote),
            VerifyCS.AnyMessage("MCPSEC010").WithLocation(2),
        });
    }
}
