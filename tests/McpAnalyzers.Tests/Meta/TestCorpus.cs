using System.Reflection;
using System.Text.RegularExpressions;
using McpAnalyzers.Tests.Infrastructure;

namespace McpAnalyzers.Tests.Meta;

/// <summary>
/// The programs of the rule tests, exactly as each test builds them: every [Fact] and [InlineData] case of
/// tests/McpAnalyzers.Tests/Rules is invoked with <see cref="VerifyRecorder"/> on, which records the sources it would
/// verify (markup removed) with the reference set the test chose.
/// </summary>
public static partial class TestCorpus
{
    private static readonly Lazy<Task<IReadOnlyList<Program>>> Programs = new(LoadAsync);

    public sealed record Program(string File, string[] Sources, TestReferences References);

    public static Task<IReadOnlyList<Program>> AllAsync() => Programs.Value;

    public static TheoryData<string> TestFiles()
    {
        var data = new TheoryData<string>();
        foreach (var type in RuleTestTypes())
        {
            data.Add(type.Name + ".cs");
        }

        return data;
    }

    public static string Unmark(string source) => Markup().Replace(source, string.Empty);

    private static IEnumerable<Type> RuleTestTypes()
        => typeof(TestCorpus).Assembly.GetTypes()
            .Where(t => t.Namespace == "McpAnalyzers.Tests.Rules" && t.IsClass && !t.IsAbstract && t.IsPublic && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal);

    private static async Task<IReadOnlyList<Program>> LoadAsync()
    {
        var programs = new List<Program>();
        foreach (var type in RuleTestTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => typeof(Task).IsAssignableFrom(m.ReturnType)))
            {
                var cases = new List<object?[]>();
                if (method.GetCustomAttribute<FactAttribute>() is not null && method.GetCustomAttribute<TheoryAttribute>() is null && method.GetParameters().Length == 0)
                {
                    cases.Add(Array.Empty<object?>());
                }

                foreach (var data in method.GetCustomAttributes<InlineDataAttribute>())
                {
                    cases.AddRange(data.GetData(method));
                }

                foreach (var arguments in cases)
                {
                    var instance = Activator.CreateInstance(type)!;
                    var recorded = await VerifyRecorder.RecordAsync(() => (Task)method.Invoke(instance, arguments)!);

                    programs.AddRange(recorded.Select(r => new Program(type.Name + ".cs", r.Sources.Select(Unmark).ToArray(), r.References)));
                }
            }
        }

        return programs;
    }

    [GeneratedRegex(@"\{\|#\d+:|\{\|[A-Z]+\d+:|\[\||\|\]|\|\}")]
    private static partial Regex Markup();
}
