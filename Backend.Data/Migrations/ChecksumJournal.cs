using System.Data;
using DbUp.Engine;
using DbUp.Engine.Output;
using DbUp.Engine.Transactions;
using DbUp.Postgresql;

namespace Backend.Data.Migrations;

/// <summary>DbUp's PostgreSQL journal plus a SHA-256 per script, written in the script's own transaction.</summary>
internal sealed class ChecksumJournal(Func<IConnectionManager> connectionManager, Func<IUpgradeLog> log, IReadOnlyDictionary<string, string> checksums)
    : PostgresqlTableJournal(connectionManager, log, MigrationRunner.JournalSchema, MigrationRunner.JournalTable)
{
    protected override string CreateSchemaTableSql(string quotedPrimaryKeyName) => MigrationRunner.JournalTableDdl;

    protected override IDbCommand GetInsertScriptCommand(Func<IDbCommand> dbCommandFactory, SqlScript script)
    {
        var command = dbCommandFactory();
        command.CommandText = $"INSERT INTO {FqSchemaTableName} (scriptname, applied, checksum) VALUES (@scriptName, now(), @checksum)";
        AddParameter(command, "scriptName", script.Name);
        AddParameter(command, "checksum", checksums[script.Name]);
        return command;
    }

    private static void AddParameter(IDbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
