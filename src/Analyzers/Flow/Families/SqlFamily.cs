using System.Collections.Immutable;
using static McpAnalyzers.Flow.FamilySpec;

namespace McpAnalyzers.Flow;

/// <summary>
/// SQL text (MCPSEC011 raw SQL, MCPSEC015 caller-written SQL): every member that runs or prepares SQL text (ADO.NET
/// commands of every provider, Dapper, EF Core's raw APIs, dynamic LINQ fragments), and what makes text safe to put in
/// it: <c>SqlGuard.EnsureReadOnly</c> for whole statements, identifier quoting for names, an anchored allowlist regex,
/// a constant comparison or a fixed allowlist (<see cref="CommonGuards"/>). Parameters are not text and never taint.
/// </summary>
internal static class SqlFamily
{
    private static readonly ImmutableHashSet<string> SqlTextParameters = Names("sql", "cmdText", "commandText", "selectCommandText", "sqlString", "sqlText");

    public static FamilySpec Spec { get; } = new(
        "SQL",
        SinkFamily.Sql,
        ImmutableArray.Create(
            new SinkDefinition("System.Data.IDbCommand", "CommandText", SinkKind.PropertySet, SinkFamily.Sql),
            new SinkDefinition("System.Data.Common.DbBatchCommand", "CommandText", SinkKind.PropertySet, SinkFamily.Sql),
            new SinkDefinition("System.Data.Common.DbCommand", ".ctor", SinkKind.Constructor, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("System.Data.Common.DbBatchCommand", ".ctor", SinkKind.Constructor, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("System.Data.Common.DbDataAdapter", ".ctor", SinkKind.Constructor, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("Npgsql.NpgsqlDataSource", "CreateCommand", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("System.Data.Common.DbDataSource", "CreateCommand", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("Dapper.SqlMapper", "*", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("Dapper.CommandDefinition", ".ctor", SinkKind.Constructor, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions", "FromSqlRaw", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "ExecuteSqlRaw", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "ExecuteSqlRawAsync", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "SqlQueryRaw", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("System.Linq.Dynamic.Core.DynamicQueryableExtensions", "*", SinkKind.Method, SinkFamily.Sql, Names("predicate", "ordering", "selector")),

            // micro-ORMs and ORMs with raw-SQL APIs
            new SinkDefinition("LinqToDB.Data.DataContextExtensions", "*", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("LinqToDB.Data.CommandInfo", ".ctor", SinkKind.Constructor, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("LinqToDB.DataExtensions", "FromSql", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("LinqToDB.DataExtensions", "FromSqlScalar", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("SqlSugar.IAdo", "*", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("SqlSugar.ISqlSugarClient", "SqlQueryable", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("SqlSugar.ISugarQueryable`1", "Where", SinkKind.Method, SinkFamily.Sql, Names("whereString")),
            new SinkDefinition("SqlSugar.ISugarQueryable`1", "OrderBy", SinkKind.Method, SinkFamily.Sql, Names("orderByFields", "orderFileds")),
            new SinkDefinition("RepoDb.DbConnectionExtension", "*", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("NPoco.IDatabase", "*", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("NPoco.IDatabaseQuery", "*", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("PetaPoco.IDatabase", "*", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("PetaPoco.IQuery", "*", SinkKind.Method, SinkFamily.Sql, SqlTextParameters),
            new SinkDefinition("MySql.Data.MySqlClient.MySqlHelper", "*", SinkKind.Method, SinkFamily.Sql, SqlTextParameters)),
        ImmutableArray.Create(
            new SanitizerDefinition("McpAnalyzers.Runtime.SqlGuard", "EnsureReadOnly", SinkFamily.Sql),
            new SanitizerDefinition("McpAnalyzers.Runtime.SqlGuard", "QuoteIdentifier", SinkFamily.Sql),
            new SanitizerDefinition("McpAnalyzers.Runtime.SqlGuard", "Identifier", SinkFamily.Sql),
            new SanitizerDefinition("Npgsql.NpgsqlCommandBuilder", "QuoteIdentifier", SinkFamily.Sql),
            new SanitizerDefinition("Microsoft.Data.SqlClient.SqlCommandBuilder", "QuoteIdentifier", SinkFamily.Sql),
            new SanitizerDefinition("System.Data.SqlClient.SqlCommandBuilder", "QuoteIdentifier", SinkFamily.Sql),
            new SanitizerDefinition("System.Data.Common.DbCommandBuilder", "QuoteIdentifier", SinkFamily.Sql)),
        ImmutableArray.Create(
            new GuardDefinition("System.Text.RegularExpressions.Regex", "IsMatch", GuardRole.AnchoredPatternTest, SinkFamily.Sql)));
}
