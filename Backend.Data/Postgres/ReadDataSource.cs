using System.Data;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Backend.Data.Postgres;

/// <summary>
/// Where reads that tolerate replica lag open their connection: the PostgreSQL standby of DATABASE_READ_URL when one is
/// configured and answering, else the primary. Writes, reads inside a write, version checks and everything
/// security-related keep using the primary <see cref="NpgsqlDataSource"/>.
/// </summary>
/// <remarks>
/// When the standby cannot be reached (refused, connect or pool timeout, too many connections, starting up, bad
/// credentials) the read opens on the primary instead and the standby is left alone for <see cref="BackOff"/>, so
/// requests do not each pay a connect timeout. After the back-off one read tries the standby again (the others stay on
/// the primary meanwhile); success brings it back. A standby connection that breaks mid-read (the standby stopped or
/// restarted) marks it down too and clears its pool, so idle connections to the dead server are not handed out; that
/// one read answers as any database failure does (503). The readiness probe also brings the standby back early.
/// </remarks>
public sealed class ReadDataSource
{
    /// <summary>How long reads stay on the primary after the standby failed.</summary>
    public static readonly TimeSpan BackOff = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _primary;
    private readonly NpgsqlDataSource? _replica;
    private readonly TimeProvider _time;
    private readonly ILogger<ReadDataSource> _logger;
    private readonly StateChangeEventHandler _watchReplicaConnection;

    // UTC ticks until which reads avoid the standby; 0 while it is up.
    private long _downUntil;

    // 1 while one read is trying the standby after a back-off.
    private int _probing;

    /// <param name="primary">The process's primary pool (DATABASE_URL).</param>
    /// <param name="replica">The standby's pool (DATABASE_READ_URL), or null when there is none.</param>
    /// <param name="time">The clock of the back-off.</param>
    /// <param name="logger">Logs the standby going down and coming back (never per read).</param>
    public ReadDataSource(NpgsqlDataSource primary, NpgsqlDataSource? replica, TimeProvider time, ILogger<ReadDataSource> logger)
    {
        _primary = primary;
        _replica = replica;
        _time = time;
        _logger = logger;
        _watchReplicaConnection = OnReplicaConnectionStateChange;
    }

    /// <summary>True when DATABASE_READ_URL names a standby.</summary>
    public bool HasReplica => _replica is not null;

    /// <summary>True while reads avoid the standby (it failed less than <see cref="BackOff"/> ago). False without a standby.</summary>
    public bool ReplicaDown => Volatile.Read(ref _downUntil) != 0;

    /// <summary>
    /// An open connection for a lag-tolerant read: to the standby when it is up, else to the primary. The caller disposes it.
    /// Never use it to write: the standby refuses writes (SQLSTATE 25006 read_only_sql_transaction).
    /// </summary>
    public async ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken ct)
    {
        if (_replica is null || !TryUseReplica(out var probing))
        {
            return await _primary.OpenConnectionAsync(ct);
        }

        try
        {
            var connection = await _replica.OpenConnectionAsync(ct);
            connection.StateChange += _watchReplicaConnection;
            if (probing)
            {
                MarkUp();
            }

            return connection;
        }
        catch (Exception exception) when (!ct.IsCancellationRequested && IsConnectFailure(exception))
        {
            MarkDown(exception.Message);
            return await _primary.OpenConnectionAsync(ct);
        }
        catch when (probing)
        {
            Volatile.Write(ref _probing, 0);
            throw;
        }
    }

    /// <summary>
    /// Asks the standby directly (ignoring the back-off) whether it answers and how far its replay is behind.
    /// Success brings the standby back for reads; failure sends reads to the primary for <see cref="BackOff"/>.
    /// </summary>
    /// <returns>Null without a standby.</returns>
    /// <exception cref="NpgsqlException">The standby did not answer; the exception was already recorded as the standby being down.</exception>
    public async Task<ReplicaStatus?> ProbeReplicaAsync(CancellationToken ct)
    {
        if (_replica is null)
        {
            return null;
        }

        try
        {
            var clock = Stopwatch.StartNew();
            await using var connection = await _replica.OpenConnectionAsync(ct);
            await using var command = new NpgsqlCommand(
                """
                SELECT pg_is_in_recovery(),
                       CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                            ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END
                """,
                connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var status = new ReplicaStatus(reader.GetBoolean(0), reader.IsDBNull(1) ? null : Math.Max(0, reader.GetDouble(1)), clock.Elapsed);
            MarkUp();
            return status;
        }
        catch (Exception exception) when (!ct.IsCancellationRequested && IsConnectFailure(exception))
        {
            MarkDown(exception.Message);
            throw;
        }
    }

    private bool TryUseReplica(out bool probing)
    {
        probing = false;
        var downUntil = Volatile.Read(ref _downUntil);
        if (downUntil == 0)
        {
            return true;
        }

        if (_time.GetUtcNow().UtcTicks < downUntil)
        {
            return false;
        }

        probing = Interlocked.CompareExchange(ref _probing, 1, 0) == 0;
        return probing;
    }

    private void MarkUp()
    {
        Volatile.Write(ref _probing, 0);
        if (Interlocked.Exchange(ref _downUntil, 0) != 0)
        {
            _logger.LogInformation("The read replica answers again; lag-tolerant reads go back to it");
        }
    }

    private void MarkDown(string reason)
    {
        var until = (_time.GetUtcNow() + BackOff).UtcTicks;
        var wasUp = Interlocked.Exchange(ref _downUntil, until) == 0;
        Volatile.Write(ref _probing, 0);

        // Idle connections to a standby that went away are dead; do not hand them out when it comes back.
        _replica?.Clear();
        if (wasUp)
        {
            _logger.LogWarning("The read replica is unavailable ({Error}); lag-tolerant reads use the primary, retrying the replica every {BackOffSeconds} s",
                reason, BackOff.TotalSeconds);
        }
    }

    private void OnReplicaConnectionStateChange(object sender, StateChangeEventArgs args)
    {
        if (args.CurrentState == ConnectionState.Closed && sender is NpgsqlConnection { FullState: ConnectionState.Broken })
        {
            MarkDown("a connection to it broke");
        }
    }

    // Any failure to get a working session: network, timeouts (connect or pool), server refusing (starting up, too many
    // connections, authentication). Reads still work on the primary, and readiness names the cause.
    private static bool IsConnectFailure(Exception exception) =>
        exception is NpgsqlException or TimeoutException or SocketException or IOException;
}
