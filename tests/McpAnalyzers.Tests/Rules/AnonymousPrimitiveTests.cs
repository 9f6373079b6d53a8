using McpAnalyzers.Tests.Infrastructure;
using VerifyCS = McpAnalyzers.Tests.Infrastructure.Verify<McpAnalyzers.Rules.AnonymousPrimitiveAnalyzer, McpAnalyzers.CodeFixes.Rules.AnonymousPrimitiveCodeFix>;

namespace McpAnalyzers.Tests.Rules;

/// <summary>MCPSEC002: [AllowAnonymous] on MCP primitives.</summary>
public class AnonymousPrimitiveTests
{
    private const string Usings = """
        using System.ComponentModel;
        using Microsoft.AspNetCore.Authorization;
        using ModelContextProtocol.Server;

        System.Console.WriteLine();

        """;

    [Fact]
    public async Task MethodAndTypeLevel_AreReported_AndFixed()
    {
        var source = Usings + """
            [McpServerToolType]
            public sealed class AdminTools
            {
                [McpServerTool, {|#0:AllowAnonymous|}, Description("Deletes a user")]
                public static string DeleteUser(string id) => id;

                [{|#1:AllowAnonymous|}]
                [McpServerPrompt]
                public static string Ask(string topic) => topic;
            }

            [{|#2:AllowAnonymous|}]
            public sealed class Reports
            {
                [McpServerTool, Authorize(Roles = "admin")]
                public static string Export(string name) => name;
            }
            """;
        var fixedSource = Usings + """
            [McpServerToolType]
            public sealed class AdminTools
            {
                [McpServerTool, Description("Deletes a user")]
                public static string DeleteUser(string id) => id;

                [McpServerPrompt]
                public static string Ask(string topic) => topic;
            }

            public sealed class Reports
            {
                [McpServerTool, Authorize(Roles = "admin")]
                public static string Export(string name) => name;
            }
            """;

        await VerifyCS.FixAsync(source, fixedSource, expected: new[]
        {
            VerifyCS.Diagnostic("MCPSEC002").WithLocation(0).WithArguments("the tool 'DeleteUser'", string.Empty),
            VerifyCS.Diagnostic("MCPSEC002").WithLocation(1).WithArguments("the prompt 'Ask'", string.Empty),
            VerifyCS.Diagnostic("MCPSEC002").WithLocation(2).WithArguments("'Reports' (1 MCP primitives)", " and cancels the [Authorize] on 1 of its methods"),
        });
    }

    [Fact]
    public async Task AllowAnonymousOutsideMcpPrimitives_IsQuiet()
    {
        var source = Usings + """
            [AllowAnonymous]
            public sealed class HealthController
            {
                [AllowAnonymous]
                public string Ping() => "pong";
            }

            [McpServerToolType]
            public sealed class Tools
            {
                [McpServerTool, Authorize]
                public static string Echo(string message) => message;

                [AllowAnonymous]
                public static string NotATool() => "";
            }
            """;

        await VerifyCS.AnalyzerAsync(source);
    }

    [Fact]
    public async Task Sdk1_IsReported()
    {
        var source = Usings + """
            public static class Tools
            {
                [McpServerTool, {|#0:AllowAnonymous|}]
                public static string Echo(string message) => message;
            }
            """;

        await VerifyCS.AnalyzerAsync(source, TestReferences.McpSdk1, VerifyCS.AnyMessage("MCPSEC002").WithLocation(0));
    }
}
