using FastEndpoints;
using Npgsql;

namespace Backend.Tests.Probes;

/// <summary>Test-only: holds a pooled connection in pg_sleep (database=true) or just waits (database=false).</summary>
internal sealed class SleepProbeEndpoint(NpgsqlDataSource dataSource) : EndpointWithoutRequest<SleepProbeResponse>
{
    public override void Configure()
    {
        Get("/test-probes/sleep");
        AllowAnonymous();
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var seconds = Query<double>("seconds", isRequired: false);
        if (Query<bool>("database", isRequired: false))
        {
            await using var command = dataSource.CreateCommand("SELECT pg_sleep($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = seconds });
            await command.ExecuteNonQueryAsync(ct);
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), CancellationToken.None);
        }

        await Send.OkAsync(new SleepProbeResponse(seconds), ct);
    }
}

internal sealed record SleepProbeResponse(double Slept);
