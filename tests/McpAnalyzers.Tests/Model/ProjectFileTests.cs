using McpAnalyzers.ProjectFiles;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace McpAnalyzers.Tests.Model;

/// <summary>Project files read from AdditionalFiles: forgiving JSON and .env with positions.</summary>
public class ProjectFileTests
{
    private sealed class InMemoryFile(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private static ProjectFile Read(string path, string text) => ProjectFile.Get(new InMemoryFile(path, text), CancellationToken.None)!;

    [Theory]
    [InlineData("/src/App/appsettings.json", "AppSettings")]
    [InlineData("/src/App/appsettings.Development.json", "AppSettings")]
    [InlineData("/src/App/Properties/launchSettings.json", "LaunchSettings")]
    [InlineData("/src/App/.env", "DotEnv")]
    [InlineData("/src/App/.env.production", "DotEnv")]
    [InlineData("/src/App/settings.json", "None")]
    [InlineData("/src/App/.envrc", "None")]
    public void Classify_ByName(string path, string kind) => Assert.Equal(kind, ProjectFile.Classify(path).ToString());

    [Fact]
    public void Json_WithCommentsTrailingCommasAndArrays_IsFlattenedToConfigurationKeys()
    {
        const string json = """
            {
              /* block comment */
              "ConnectionStrings": {
                "Main": "Host=db;Password=x", // line comment
              },
              "Hosts": [ "a", { "Name": "b" }, ],
              "Enabled": true,
              "Limit": 60,
              "Nothing": null,
              "Escaped": "line\nnext \u0041",
            }
            """;
        var file = Read("/p/appsettings.json", json);

        var entries = file.Entries.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal("Host=db;Password=x", entries["ConnectionStrings:Main"]);
        Assert.Equal("a", entries["Hosts:0"]);
        Assert.Equal("b", entries["Hosts:1:Name"]);
        Assert.Equal("true", entries["Enabled"]);
        Assert.Equal("60", entries["Limit"]);
        Assert.Equal("line\nnext A", entries["Escaped"]);
        Assert.False(entries.ContainsKey("Nothing"));

        var main = file.Entries.Single(e => e.Key == "ConnectionStrings:Main");
        Assert.Equal(3, file.GetLocation(main.Span).GetLineSpan().StartLinePosition.Line);
        Assert.Equal("Main", main.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{ \"a\": ")]
    [InlineData("{ \"a\": \"unterminated")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[")]
    [InlineData("{ 'single': 'quotes', bare: word }")]
    [InlineData("not json at all")]
    [InlineData("{ \"a\": { \"b\": [1, 2, { \"c\": ")]
    public void MalformedJson_NeverThrows(string json)
    {
        var file = Read("/p/appsettings.json", json);
        Assert.NotNull(file);
    }

    [Fact]
    public void MalformedJson_KeepsThePrefixItRead()
    {
        var file = Read("/p/appsettings.json", "{ \"Kestrel\": { \"Endpoints\": { \"Http\": { \"Url\": \"http://0.0.0.0:1\" }, \"Https\": { \"Url\": ");
        Assert.Equal("http://0.0.0.0:1", file.Entries.Single().Value);
        Assert.Equal("Kestrel:Endpoints:Http:Url", file.Entries.Single().Key);
    }

    [Fact]
    public void DotEnv_ReadsQuotesExportCommentsAndNestedKeys()
    {
        const string env = """
            # comment
            export API_TOKEN="abc def"
            SINGLE='x#y'
            PLAIN=value # trailing comment
            Kestrel__Endpoints__Http__Url=http://localhost:5000
            EMPTY=
            not a setting
            """;
        var file = Read("/p/.env", env);
        var entries = file.Entries.ToDictionary(e => e.Key, e => e.Value);

        Assert.Equal("abc def", entries["API_TOKEN"]);
        Assert.Equal("x#y", entries["SINGLE"]);
        Assert.Equal("value", entries["PLAIN"]);
        Assert.Equal("http://localhost:5000", entries["Kestrel:Endpoints:Http:Url"]);
        Assert.Equal(string.Empty, entries["EMPTY"]);
        Assert.Equal(5, entries.Count);

        var token = file.Entries.Single(e => e.Key == "API_TOKEN");
        var position = file.GetLocation(token.Span).GetLineSpan().StartLinePosition;
        Assert.Equal((1, 17), (position.Line, position.Character));
    }

    [Fact]
    public void SameFile_IsParsedOnce()
    {
        var file = new InMemoryFile("/p/appsettings.json", "{}");
        Assert.Same(ProjectFile.Get(file, CancellationToken.None), ProjectFile.Get(file, CancellationToken.None));
    }
}
