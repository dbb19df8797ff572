using System.Data;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Backend.Data.Postgres;

/// <summary>Sends a JSON string as a jsonb parameter (not text that the server casts).</summary>
public sealed class JsonbParameter(string json) : SqlMapper.ICustomQueryParameter
{
    public void AddParameter(IDbCommand command, string name) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json });
}
