namespace Backend.Tests.Infrastructure;

/// <summary>A service host whose DATABASE_URL is a private primary and whose DATABASE_READ_URL is a hot standby streaming from it.</summary>
public sealed class ReadReplicaFixture : IAsyncLifetime
{
    private StreamingReplica? _replica;
    private TestHost? _host;

    internal StreamingReplica Replica => _replica ?? throw new InvalidOperationException("The replica has not started.");

    internal TestHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        _replica = await StreamingReplica.StartAsync(default);
        _host = await TestHost.StartAsync(
            new Dictionary<string, string?> { ["DATABASE_READ_URL"] = _replica.StandbyDatabase.ConnectionString },
            _replica.PrimaryDatabase);

        // The migrations ran on the primary; reads on the standby need them replayed.
        await _replica.WaitForReplayAsync(default);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_replica is not null)
        {
            await _replica.DisposeAsync();
        }
    }
}
