using System.Text.RegularExpressions;
using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace McpAnalyzers.Tests.Meta;

/// <summary>
/// The C# programs the rule tests are made of: every raw string literal in tests/McpAnalyzers.Tests/Rules that is a
/// whole program (it uses the MCP SDK), with the test markup removed. Interpolated ones keep their holes as text,
/// which makes them incomplete code, as while typing.
/// </summary>
public static partial class TestCorpus
{
    private static readonly Lazy<IReadOnlyList<(string File, string Source)>> Programs = new(Load);

    public static IReadOnlyList<(string File, string Source)> All => Programs.Value;

    public static TheoryData<string> TestFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in All.Select(p => p.File).Distinct())
        {
            data.Add(file);
        }

        return data;
    }

    public static string Unmark(string source) => Markup().Replace(source, string.Empty);

    private static IReadOnlyList<(string File, string Source)> Load()
    {
        var programs = new List<(string, string)>();
        foreach (var path in Directory.EnumerateFiles(Repository.PathOf("tests", "McpAnalyzers.Tests", "Rules"), "*.cs").OrderBy(p => p, StringComparer.Ordinal))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot();
            foreach (var token in root.DescendantTokens())
            {
                var text = token.Kind() switch
                {
                    SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken => token.ValueText,
                    SyntaxKind.InterpolatedMultiLineRawStringStartToken => token.Parent is { } interpolated ? string.Concat(interpolated.DescendantTokens().Where(t => t.IsKind(SyntaxKind.InterpolatedStringTextToken)).Select(t => t.ValueText)) : null,
                    _ => null,
                };
                if (text is { Length: > 200 } && text.Contains("ModelContextProtocol", StringComparison.Ordinal))
                {
                    programs.Add((Path.GetFileName(path), Unmark(text)));
                }
            }
        }

        return programs;
    }

    [GeneratedRegex(@"\{\|#\d+:|\{\|[A-Z]+\d+:|\[\||\|\]|\|\}")]
    private static partial Regex Markup();
}
