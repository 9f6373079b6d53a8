using McpAnalyzers.Model;
using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpAnalyzers.Tests.Model;

/// <summary>Which parameters are untrusted tool input, exactly as RULES.md defines it.</summary>
public class UntrustedParametersTests
{
    private const string Tools = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Net.Http;
        using System.Security.Claims;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;
        using ModelContextProtocol;
        using ModelContextProtocol.Protocol;
        using ModelContextProtocol.Server;

        System.Console.WriteLine();

        public interface IUserRepository { }

        public record SearchOptions(string Query, int Limit);

        [McpServerToolType]
        public sealed class FileTools(ILogger<FileTools> ctorLogger, string ctorRoot)
        {
            [McpServerTool, Description("Reads a file")]
            public string ReadFile(
                string path,
                int maxBytes,
                IEnumerable<string> tags,
                SearchOptions options,
                AIFunctionArguments raw,
                CancellationToken cancellationToken,
                McpServer server,
                IProgress<ProgressNotificationValue> progress,
                ClaimsPrincipal user,
                [FromKeyedServices("archive")] IUserRepository keyed,
                ILogger<FileTools> logger,
                IConfiguration configuration,
                HttpClient http,
                IUserRepository repository,
                RequestContext<CallToolRequestParams> context) => path;

            public string NotATool(string path) => path;
        }

        public static class LooseTools
        {
            [McpServerPrompt]
            public static string Summarize(string text, IServiceProvider services) => text;

            [McpServerResource(UriTemplate = "notes://{id}")]
            public static string Note(string id) => id;
        }

        public static class Registrations
        {
            public static McpServerTool Create() => McpServerTool.Create((string city, CancellationToken ct) => city, new() { Name = "weather" });

            public static object? Raw(RequestContext<CallToolRequestParams> context) => context.Params?.Arguments;
        }
        """;

    [Fact]
    public async Task ToolParameters_AreClassifiedAsTheSdkBindsThem()
    {
        var compilation = await TestCompilation.CreateAsync(TestReferences.McpSdk2, Tools);
        var mcp = TestCompilation.Context(compilation);
        var method = TestCompilation.Method(compilation, "FileTools", "ReadFile");

        Assert.Equal(McpPrimitiveKind.Tool, mcp.Primitives.GetKind(method));
        var untrusted = method.Parameters.Where(mcp.Primitives.IsUntrustedParameter).Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "path", "maxBytes", "tags", "options", "raw" }, untrusted);
    }

    [Fact]
    public async Task ConstructorParametersAndUnmarkedMethods_AreNotTools()
    {
        var compilation = await TestCompilation.CreateAsync(TestReferences.McpSdk2, Tools);
        var mcp = TestCompilation.Context(compilation);
        var type = compilation.GetTypeByMetadataName("FileTools")!;

        Assert.Equal(McpPrimitiveKind.None, mcp.Primitives.GetKind(TestCompilation.Method(compilation, "FileTools", "NotATool")));
        Assert.All(type.InstanceConstructors.SelectMany(c => c.Parameters), p => Assert.False(mcp.Primitives.IsUntrustedParameter(p)));
    }

    [Fact]
    public async Task PromptsAndResources_WithoutTypeAttribute_AreFound()
    {
        var compilation = await TestCompilation.CreateAsync(TestReferences.McpSdk2, Tools);
        var mcp = TestCompilation.Context(compilation);
        var prompt = TestCompilation.Method(compilation, "LooseTools", "Summarize");
        var resource = TestCompilation.Method(compilation, "LooseTools", "Note");

        Assert.Equal(McpPrimitiveKind.Prompt, mcp.Primitives.GetKind(prompt));
        Assert.Equal(McpPrimitiveKind.Resource, mcp.Primitives.GetKind(resource));
        Assert.Equal(new[] { "text" }, prompt.Parameters.Where(mcp.Primitives.IsUntrustedParameter).Select(p => p.Name));
        Assert.Equal(new[] { "id" }, resource.Parameters.Where(mcp.Primitives.IsUntrustedParameter).Select(p => p.Name));
    }

    [Fact]
    public async Task DelegatePassedToCreate_IsATool()
    {
        var compilation = await TestCompilation.CreateAsync(TestReferences.McpSdk2, Tools);
        var mcp = TestCompilation.Context(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var create = tree.GetRoot().DescendantNodes().Select(n => model.GetOperation(n)).OfType<IInvocationOperation>()
            .Single(i => i.TargetMethod.Name == "Create" && i.TargetMethod.ContainingType.Name == "McpServerTool");

        Assert.Equal(McpPrimitiveKind.Tool, mcp.Primitives.GetCreateKind(create));
        var lambda = McpPrimitives.DelegateTarget(create.Arguments[0].Value)!;
        Assert.Equal(new[] { "city" }, lambda.Parameters.Where(mcp.Primitives.IsUntrustedParameter).Select(p => p.Name));
    }

    [Fact]
    public async Task RawRequestArguments_AreUntrusted()
    {
        var compilation = await TestCompilation.CreateAsync(TestReferences.McpSdk2, Tools);
        var mcp = TestCompilation.Context(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var access = tree.GetRoot().DescendantNodes().Select(n => model.GetOperation(n)).OfType<IPropertyReferenceOperation>()
            .Single(p => p.Property.Name == "Arguments");

        Assert.True(mcp.Primitives.IsUntrustedArgumentsAccess(access));
    }

    [Fact]
    public async Task LegacyIMcpServer_IsTrusted_InPreviewSdk()
    {
        const string source = """
            using System.ComponentModel;
            using System.Threading;
            using ModelContextProtocol.Server;

            System.Console.WriteLine();

            [McpServerToolType]
            public static class EchoTool
            {
                [McpServerTool, Description("Echoes")]
                public static string Echo(IMcpServer server, string message, CancellationToken ct) => message;
            }
            """;
        var compilation = await TestCompilation.CreateAsync(TestReferences.McpSdkPreview, source);
        var mcp = TestCompilation.Context(compilation);
        var echo = TestCompilation.Method(compilation, "EchoTool", "Echo");

        Assert.NotNull(mcp.Symbols.LegacyIMcpServer);
        Assert.False(mcp.Symbols.HasHttpTransport);
        Assert.Equal(new[] { "message" }, echo.Parameters.Where(mcp.Primitives.IsUntrustedParameter).Select(p => p.Name));
    }

    [Fact]
    public async Task SdkVersion_IsRead()
    {
        var v2 = TestCompilation.Context(await TestCompilation.CreateAsync(TestReferences.McpSdk2, "System.Console.WriteLine();"));
        var v1 = TestCompilation.Context(await TestCompilation.CreateAsync(TestReferences.McpSdk1, "System.Console.WriteLine();"));
        var none = TestCompilation.Context(await TestCompilation.CreateAsync(TestReferences.AspNetOnly, "System.Console.WriteLine();"));

        Assert.Equal(2, v2.Symbols.SdkVersion!.Major);
        Assert.Equal(1, v1.Symbols.SdkVersion!.Major);
        Assert.True(v2.Symbols.HasHttpTransport);
        Assert.False(none.Symbols.ReferencesMcp);
        Assert.Null(none.Symbols.ToolAttribute);
    }
}
