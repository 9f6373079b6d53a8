using Microsoft.CodeAnalysis;

namespace McpAnalyzers.Secrets;

/// <summary>Test projects hold fake credentials on purpose; the secret rules skip them unless asked.</summary>
internal static class TestProjects
{
    /// <summary>
    /// True for a test project (by assembly name or test-framework reference), unless
    /// <c>mcpsec.&lt;ruleId&gt;.include_test_projects = true</c> (a compilation-wide option).
    /// </summary>
    public static bool ShouldSkip(Compilation compilation, Model.McpOptions options, string ruleId)
    {
        if (options.IncludeTestProjects(ruleId))
        {
            return false;
        }

        var name = compilation.AssemblyName ?? string.Empty;
        if (name.EndsWith(".Tests", System.StringComparison.OrdinalIgnoreCase) || name.EndsWith(".Test", System.StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".UnitTests", System.StringComparison.OrdinalIgnoreCase) || name.EndsWith(".IntegrationTests", System.StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            if (reference.Name is "xunit.core" or "xunit.v3.core" or "nunit.framework" or "Microsoft.VisualStudio.TestPlatform.TestFramework" or "TUnit.Core")
            {
                return true;
            }
        }

        return false;
    }
}
