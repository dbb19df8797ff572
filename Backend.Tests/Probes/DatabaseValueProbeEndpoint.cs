using Dapper;
using FastEndpoints;
using Npgsql;

namespace Backend.Tests.Probes;

/// <summary>A test-only endpoint that binds a query value into SQL unchecked, to exercise the SQLSTATE class 22 safety net.</summary>
internal sealed class DatabaseValueProbeEndpoint(NpgsqlDataSource dataSource) : Endpoint<DatabaseValueProbeRequest, DatabaseValueProbeResponse>
{
    public override void Configure()
    {
        Get("/test-probes/db-value");
        AllowAnonymous();
    }

    public override async Task HandleAsync(DatabaseValueProbeRequest req, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var value = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT CAST(@number AS integer)", new { number = req.Number }, cancellationToken: ct));
        await Send.OkAsync(new DatabaseValueProbeResponse(value), ct);
    }
}

internal sealed class DatabaseValueProbeRequest
{
    [QueryParam, BindFrom("number")]
    public string? Number { get; init; }
}

internal sealed record DatabaseValueProbeResponse(int Value);
