using System.ComponentModel;
using System.Text;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Server;

namespace InsecureServer.Tools;

[McpServerToolType]
public sealed class DataTools(IConfiguration configuration)
{
    // MCPSEC011: the name is spliced into the SQL text ("' OR '1'='1" lists every customer).
    [McpServerTool(Name = "find_customer"), Description("Finds customers by name.")]
    public string FindCustomer([Description("Customer name")] string name)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, name FROM customers WHERE name = '{name}'";
        using var reader = command.ExecuteReader();
        var result = new StringBuilder();
        while (reader.Read())
        {
            result.Append(reader.GetInt64(0)).Append(' ').AppendLine(reader.GetString(1));
        }

        return result.ToString();
    }

    // MCPSEC015: whatever SQL the caller writes runs with the server's own login, DROP TABLE included.
    // MCPSEC072: and the tool claims to be read-only, so clients run it without asking.
    [McpServerTool(Name = "run_sql", ReadOnly = true), Description("Runs a SQL statement against the customer database.")]
    public int RunSql([Description("SQL to run")] string sql)
    {
        using var connection = Open();
        using var command = new SqliteCommand(sql, connection);
        return command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(configuration.GetConnectionString("Customers") ?? "Data Source=customers.db");
        connection.Open();
        return connection;
    }
}
