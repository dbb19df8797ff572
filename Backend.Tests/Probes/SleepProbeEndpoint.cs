using FastEndpoints;
using Npgsql;

namespace Backend.Tests.Probes;

/// <summary>Test-only: holds a pooled connection in pg_sleep (database=true) or just waits (database=false).</summary>
internal sealed class SleepProbeEndpoint(NpgsqlDataSource dataSource) : Endpoint<SleepProbeRequest, SleepProbeResponse>
{
    public override void Configure()
    {
        Get("/test-probes/sleep");
        AllowAnonymous();
    }

    public override async Task HandleAsync(SleepProbeRequest req, CancellationToken ct)
    {
        var seconds = req.Seconds ?? 0;
        if (req.Database == true)
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

/// <summary>The probe's query parameters (every endpoint declares the ones it accepts).</summary>
internal sealed class SleepProbeRequest
{
    [QueryParam, BindFrom("seconds")]
    public double? Seconds { get; init; }

    [QueryParam, BindFrom("database")]
    public bool? Database { get; init; }
}

internal sealed record SleepProbeResponse(double Slept);
