using McpAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.ListenOnAllInterfacesAnalyzer, McpAnalyzers.CodeFixes.Rules.ListenOnAllInterfacesCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC060: listening on every interface, in code and in project files.</summary>
public class ListenOnAllInterfacesTests
{
    private const string Usings = """
        using System.Net;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.DependencyInjection;

        """;

    [Theory]
    [InlineData("builder.WebHost.UseUrls({|#0:\"http://0.0.0.0:5000\"|});")]
    [InlineData("builder.WebHost.UseUrls(\"http://localhost:5001\", {|#0:\"http://*:5000\"|});")]
    [InlineData("builder.WebHost.UseUrls({|#0:\"http://+:80\"|});")]
    [InlineData("builder.WebHost.UseUrls({|#0:\"http://[::]:8080\"|});")]
    [InlineData("builder.WebHost.UseUrls({|#0:\"http://127.0.0.1:5000;https://0.0.0.0:5001\"|});")]
    [InlineData("builder.WebHost.UseSetting(\"urls\", {|#0:\"http://0.0.0.0:5000\"|});")]
    [InlineData("builder.Configuration[\"urls\"] = {|#0:\"http://0.0.0.0:5000\"|};")]
    [InlineData("System.Environment.SetEnvironmentVariable(\"ASPNETCORE_URLS\", {|#0:\"http://0.0.0.0:5000\"|});")]
    public async Task WildcardUrlOnBuilder_IsReported(string statement)
    {
        var source = Usings + $$"""
            var builder = WebApplication.CreateBuilder(args);
            {{statement}}
            var app = builder.Build();
            app.Run();
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.AspNetOnly, VerifyCS.AnyMessage("MCPSEC060").WithLocation(0));
    }

    [Theory]
    [InlineData("app.Run({|#0:\"http://0.0.0.0:8080\"|});")]
    [InlineData("await app.RunAsync({|#0:\"http://*:8080\"|});")]
    [InlineData("app.Urls.Add({|#0:\"http://0.0.0.0:8080\"|});")]
    [InlineData("app.Urls.Add({|#0:$\"http://{Host}:{port}\"|});")]
    [InlineData("app.Urls.Add({|#0:\"http://\" + Host + \":\" + port|});")]
    [InlineData("app.Urls.Add({|#0:string.Format(\"http://{0}:{1}\", Host, port)|});")]
    [InlineData("app.Urls.Add({|#0:url|});")]
    public async Task WildcardUrlOnApplication_IsReported(string statement)
    {
        var source = Usings + $$"""
            var app = WebApplication.CreateBuilder(args).Build();
            var port = args.Length;
            var url = "http://0.0.0.0:9000";
            {{statement}}

            partial class Program
            {
                const string Host = "0.0.0.0";
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.AspNetOnly, VerifyCS.AnyMessage("MCPSEC060").WithLocation(0));
    }

    [Fact]
    public async Task ConstantFromAnotherFile_IsReported()
    {
        var program = Usings + """
            var app = WebApplication.CreateBuilder(args).Build();
            app.Run({|#0:$"http://{Network.BindAddress}:5000"|});
            """;
        var network = """
            static class Network
            {
                public const string BindAddress = "0.0.0.0";
            }
            """;

        await VerifyCS.AnalyzerAsync(new[] { program, network }, [], TestReferences.AspNetOnly, VerifyCS.AnyMessage("MCPSEC060").WithLocation(0));
    }

    [Theory]
    [InlineData("{|#0:options.ListenAnyIP(5000)|};")]
    [InlineData("{|#0:options.Listen(IPAddress.Any, 5000)|};")]
    [InlineData("{|#0:options.Listen(IPAddress.IPv6Any, 5000)|};")]
    [InlineData("{|#0:options.Listen(new IPEndPoint(IPAddress.Any, 5000))|};")]
    [InlineData("{|#0:options.Listen(IPAddress.Parse(\"0.0.0.0\"), 5000)|};")]
    [InlineData("var any = IPAddress.Any; {|#0:options.Listen(any, 5000)|};")]
    public async Task KestrelListenOnAnyAddress_IsReported(string statement)
    {
        var source = Usings + $$"""
            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options =>
            {
                {{statement}}
            });
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.AspNetOnly, VerifyCS.AnyMessage("MCPSEC060").WithLocation(0));
    }

    [Fact]
    public async Task KestrelOptionsConfiguredThroughTheServiceCollection_AreReported()
    {
        var source = Usings + """
            using Microsoft.AspNetCore.Server.Kestrel.Core;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<KestrelServerOptions>(options => {|#0:options.ListenAnyIP(5000)|});
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.AspNetOnly, VerifyCS.AnyMessage("MCPSEC060").WithLocation(0));
    }

    [Fact]
    public async Task CommandLineArgumentsInCode_AreReported()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(new[] { "--urls", {|#0:"http://0.0.0.0:5000"|} });
            var other = WebApplication.CreateBuilder(new[] { {|#1:"--urls=http://*:5001"|} });
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.AspNetOnly,
            VerifyCS.AnyMessage("MCPSEC060").WithLocation(0), VerifyCS.AnyMessage("MCPSEC060").WithLocation(1));
    }

    [Theory]
    [InlineData("builder.WebHost.UseUrls(\"http://localhost:5000\", \"http://127.0.0.1:5001\", \"http://[::1]:5002\");")]
    [InlineData("builder.WebHost.UseUrls(builder.Configuration[\"Urls\"] ?? \"http://localhost:5000\");")]
    [InlineData("builder.WebHost.UseUrls($\"http://{builder.Configuration[\"Host\"] ?? \"localhost\"}:5000\");")]
    [InlineData("builder.WebHost.UseUrls(\"http://mcp.internal:5000/0.0.0.0\");")]
    [InlineData("builder.WebHost.ConfigureKestrel(o => o.ListenLocalhost(5000));")]
    [InlineData("builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 5000));")]
    [InlineData("builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Parse(\"127.0.0.1\"), 5000));")]
    [InlineData("builder.WebHost.UseSetting(\"environment\", \"http://0.0.0.0\");")]
    [InlineData("System.Console.WriteLine(\"Listening on http://0.0.0.0:5000 is unsafe\");")]
    [InlineData("var docs = new[] { \"--port\", \"http://0.0.0.0:5000\" };")]
    public async Task LoopbackConfiguredOrUnrelated_IsQuiet(string statement)
    {
        var source = Usings + $$"""
            var builder = WebApplication.CreateBuilder(args);
            {{statement}}
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.AspNetOnly);
    }

    [Fact]
    public async Task ReassignedLocal_IsNotGuessed()
    {
        var source = Usings + """
            var app = WebApplication.CreateBuilder(args).Build();
            var url = "http://0.0.0.0:5000";
            if (args.Length == 0) url = app.Configuration["Url"]!;
            app.Run(url);
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.AspNetOnly);
    }

    [Fact]
    public async Task McpServerWithSdk2_IsReported()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddMcpServer().WithHttpTransport();
            var app = builder.Build();
            app.MapMcp("/mcp-b41c");
            app.Run({|#0:"http://0.0.0.0:3001"|});
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk2, VerifyCS.AnyMessage("MCPSEC060").WithLocation(0));
    }

    [Fact]
    public async Task LaunchSettings_ApplicationUrlAndEnvironment_AreReportedAtTheirLines()
    {
        const string launchSettings = """
            {
              // profiles used by dotnet run
              "profiles": {
                "http": {
                  "commandName": "Project",
                  "applicationUrl": "http://0.0.0.0:5000;http://localhost:5001",
                },
                "local": {
                  "commandName": "Project",
                  "applicationUrl": "http://localhost:5002"
                },
                "docker": {
                  "commandName": "Project",
                  "environmentVariables": {
                    "ASPNETCORE_URLS": "http://+:8080"
                  }
                },
                "args": {
                  "commandName": "Project",
                  "commandLineArgs": "--urls http://*:7000"
                }
              }
            }
            """;
        const string path = "/0/Properties/launchSettings.json";

        await VerifyCS.AnalyzerAsync(new[] { "System.Console.WriteLine();" }, [(path, launchSettings)], TestReferences.ConsoleOnly,
            VerifyCS.Diagnostic("MCPSEC060").WithSpan(path, 6, 25, 6, 68).WithArguments("'http://0.0.0.0:5000;http://localhost:5001' (profiles:http:applicationUrl in launchSettings.json)"),
            VerifyCS.Diagnostic("MCPSEC060").WithSpan(path, 15, 28, 15, 43).WithArguments("'http://+:8080' (profiles:docker:environmentVariables:ASPNETCORE_URLS in launchSettings.json)"),
            VerifyCS.Diagnostic("MCPSEC060").WithSpan(path, 20, 26, 20, 48).WithArguments("'http://*:7000' (profiles:args:commandLineArgs in launchSettings.json)"));
    }

    [Fact]
    public async Task AppSettings_KestrelEndpointsAndUrls_AreReported()
    {
        const string appsettings = """
            {
              "Logging": { "LogLevel": { "Default": "Information" } },
              "AllowedHosts": "*",
              "urls": "http://0.0.0.0:5000",
              "Kestrel": {
                "Endpoints": {
                  "Http": { "Url": "http://localhost:5001" },
                  "Https": { "Url": "https://[::]:5002" }
                }
              }
            }
            """;
        const string path = "/0/appsettings.Production.json";

        await VerifyCS.AnalyzerAsync(new[] { "System.Console.WriteLine();" }, [(path, appsettings)], TestReferences.ConsoleOnly,
            VerifyCS.Diagnostic("MCPSEC060").WithSpan(path, 4, 11, 4, 32).WithArguments("'http://0.0.0.0:5000' (urls in appsettings.Production.json)"),
            VerifyCS.Diagnostic("MCPSEC060").WithSpan(path, 8, 25, 8, 44).WithArguments("'https://[::]:5002' (Kestrel:Endpoints:Https:Url in appsettings.Production.json)"));
    }

    [Fact]
    public async Task DotEnv_UrlsVariable_IsReported()
    {
        const string env = """
            # container settings
            export ASPNETCORE_URLS="http://0.0.0.0:8080"
            DATABASE_HOST=0.0.0.0
            DOTNET_URLS=http://localhost:8081 # local only
            """;
        const string path = "/0/.env";

        await VerifyCS.AnalyzerAsync(new[] { "System.Console.WriteLine();" }, [(path, env)], TestReferences.ConsoleOnly,
            VerifyCS.Diagnostic("MCPSEC060").WithSpan(path, 2, 24, 2, 45).WithArguments("'http://0.0.0.0:8080' (ASPNETCORE_URLS in .env)"));
    }

    [Fact]
    public async Task MalformedJson_DoesNotCrash_AndKeepsWhatItCouldRead()
    {
        const string broken = """
            {
              "urls": "http://0.0.0.0:5000",
              "Kestrel": { "Endpoints": { "Http": { "Url": 
            """;
        const string path = "/0/appsettings.json";

        await VerifyCS.AnalyzerAsync(new[] { "System.Console.WriteLine();" }, [(path, broken)], TestReferences.ConsoleOnly,
            VerifyCS.Diagnostic("MCPSEC060").WithSpan(path, 2, 11, 2, 32).WithArguments("'http://0.0.0.0:5000' (urls in appsettings.json)"));
    }

    [Fact]
    public async Task UnrelatedJsonFiles_AreIgnored()
    {
        const string json = """{ "urls": "http://0.0.0.0:5000" }""";
        await VerifyCS.AnalyzerAsync(new[] { "System.Console.WriteLine();" }, [("/0/config/settings.json", json), ("/0/package.json", json)], TestReferences.ConsoleOnly);
    }

    [Fact]
    public async Task Fix_ReplacesHostWithLoopback()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls({|#0:"http://0.0.0.0:5000"|}, {|#1:"http://[::]:5001"|});
            var app = builder.Build();
            app.Run({|#2:$"http://*:{args.Length}"|});
            """;
        var fixedSource = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.UseUrls("http://127.0.0.1:5000", "http://[::1]:5001");
            var app = builder.Build();
            app.Run($"http://127.0.0.1:{args.Length}");
            """;

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.AspNetOnly,
            VerifyCS.AnyMessage("MCPSEC060").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC060").WithLocation(1),
            VerifyCS.AnyMessage("MCPSEC060").WithLocation(2));
    }

    [Fact]
    public async Task Fix_RewritesConstantInAnotherFile()
    {
        var program = Usings + """
            var app = WebApplication.CreateBuilder(args).Build();
            app.Run({|#0:$"http://{Network.BindAddress}:5000"|});
            """;
        var network = """
            static class Network
            {
                public const string BindAddress = "0.0.0.0";
            }
            """;
        var fixedNetwork = """
            static class Network
            {
                public const string BindAddress = "127.0.0.1";
            }
            """;

        await VerifyCS.FixAsync(new[] { program, network }, new[] { program.Replace("{|#0:", string.Empty).Replace("|}", string.Empty), fixedNetwork }, TestReferences.AspNetOnly,
            VerifyCS.AnyMessage("MCPSEC060").WithLocation(0));
    }

    [Fact]
    public async Task Fix_UsesListenLocalhostAndLoopback()
    {
        var source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options =>
            {
                {|#0:options.ListenAnyIP(5000)|};
                {|#1:options.Listen(IPAddress.Any, 5001)|};
                {|#2:options.Listen(IPAddress.IPv6Any, 5002)|};
                {|#3:options.Listen(IPAddress.Parse("0.0.0.0"), 5003)|};
            });
            """;
        var fixedSource = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(options =>
            {
                options.ListenLocalhost(5000);
                options.Listen(IPAddress.Loopback, 5001);
                options.Listen(IPAddress.IPv6Loopback, 5002);
                options.Listen(IPAddress.Parse("127.0.0.1"), 5003);
            });
            """;

        await VerifyCS.FixAsync(source, fixedSource, TestReferences.AspNetOnly,
            VerifyCS.AnyMessage("MCPSEC060").WithLocation(0),
            VerifyCS.AnyMessage("MCPSEC060").WithLocation(1),
            VerifyCS.AnyMessage("MCPSEC060").WithLocation(2),
            VerifyCS.AnyMessage("MCPSEC060").WithLocation(3));
    }
}
