using System.ComponentModel;
using System.Text;
using McpAnalyzers.Runtime;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Server;

namespace SecureServer.Tools;

/// <summary>Where the customer database is, with a read-only connection for caller-written queries.</summary>
public sealed record CustomerDatabase(string ConnectionString, string ReadOnlyConnectionString);

[McpServerToolType]
public sealed class DataTools(CustomerDatabase database)
{
    // Constant SQL, the value as a parameter (MCPSEC011).
    [McpServerTool(Name = "find_customer", ReadOnly = true), Description("Finds customers by name.")]
    public string FindCustomer([Description("Customer name")] string name)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name FROM customers WHERE name = @name";
        command.Parameters.AddWithValue("@name", name);
        return Read(command);
    }

    // Caller-written SQL: one read-only query (MCPSEC015), on a connection that cannot write anyway.
    [McpServerTool(Name = "query_customers", ReadOnly = true), Description("Runs one read-only SQL query against the customer database.")]
    public string QueryCustomers([Description("A SELECT query")] string sql)
    {
        using var connection = new SqliteConnection(database.ReadOnlyConnectionString);
        connection.Open();
        using var command = new SqliteCommand(SqlGuard.EnsureReadOnly(sql, SqlDialect.Sqlite), connection);
        return Read(command);
    }

    private static string Read(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new StringBuilder();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                result.Append(i == 0 ? string.Empty : "\t").Append(reader.GetValue(i));
            }

            result.AppendLine();
        }

        return result.ToString();
    }
}
