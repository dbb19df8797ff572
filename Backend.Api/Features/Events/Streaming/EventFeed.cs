using Backend.Data.Events;
using Npgsql;

namespace Backend.Api.Features.Events.Streaming;

/// <summary>
/// Reads the event log for this replica's hub, in position order after the last position it handed on. While events
/// keep coming it reads every <see cref="MinReadInterval"/> ms on its own; once a read finds nothing it LISTENs and
/// asks writers to notify it (<c>backend_events.begin_waiting()</c>, sql/0027), reads once more, and sleeps until a
/// notification (or EVENTS_POLL_INTERVAL, the safety net). Writers notify only while some replica waits, so a steady
/// stream of commits costs no notification per commit. The notification carries nothing: the table is the truth, so
/// a change committed through any replica reaches the streams of every replica.
/// </summary>
internal sealed class EventFeed(
    NpgsqlDataSource dataSource,
    EventRepository events,
    EventHub hub,
    Relay.EventRelaySignal relay,
    EventsSettings settings,
    ILogger<EventFeed> logger) : BackgroundService
{
    private const int PageSize = 1_000;

    /// <summary>At most one read (and hub publish) per this many milliseconds: 100 a second.</summary>
    private const long MinReadInterval = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Outside the pool: a LISTEN connection is held for the process's life and must not take a request's slot.
                await using var template = dataSource.CreateConnection();
                await using var connection = template.CloneWith(new NpgsqlConnectionStringBuilder(template.ConnectionString) { Pooling = false }.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                if (!hub.Ready.IsCompleted)
                {
                    var (head, _) = await events.ReadBoundsAsync(stoppingToken);
                    hub.Start(head);
                    logger.LogInformation("Live updates start after event position {Position}", head);
                }

                failures = 0;
                // A notification that arrives during a read is consumed by it rather than by WaitAsync: remember it,
                // and read again instead of waiting.
                var notified = false;
                connection.Notification += (_, _) => notified = true;
                var waiting = false;
                while (true)
                {
                    // Read first: events committed while (re)connecting are not missed.
                    notified = false;
                    var readAt = Environment.TickCount64;
                    var read = await CatchUpAsync(connection, stoppingToken);
                    if (read > 0)
                    {
                        // Events are flowing: read again after MinReadInterval without a notification per commit.
                        if (waiting)
                        {
                            await EventRepository.SetWaitingAsync(connection, false, stoppingToken);
                            waiting = false;
                        }
                    }
                    else if (!waiting)
                    {
                        // Nothing new: ask writers to notify from now on. That returns once every writer that did not
                        // notify has committed, so the read straight after it sees their events.
                        await EventRepository.SetWaitingAsync(connection, true, stoppingToken);
                        waiting = true;
                        continue;
                    }
                    else if (!notified)
                    {
                        await connection.WaitAsync(settings.PollInterval, stoppingToken);
                    }

                    // Gather commits for a few milliseconds: every publish wakes every stream, so batches of events
                    // cost the streams far less than one wake per event, for at most this delay.
                    var gather = MinReadInterval - (Environment.TickCount64 - readAt);
                    if (gather > 0)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(gather), stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(10_000, 100 * Math.Pow(2, Math.Min(failures++, 7))));
                logger.LogWarning(exception, "The live-update feed failed ({Error}); retrying in {DelayMs} ms", exception.Message, (int)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Hands on every event after the hub's head; returns how many it read.</summary>
    private async Task<int> CatchUpAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            // On the LISTEN connection (idle between notifications): no pool slot to wait for under load.
            var rows = await EventRepository.ReadAfterAsync(connection, hub.Head, PageSize, ct);
            total += rows.Count;
            if (rows.Count > 0)
            {
                hub.Publish(rows);
                relay.Notify();
            }

            if (rows.Count < PageSize)
            {
                return total;
            }
        }
    }
}
