using Backend.Data.Events;

namespace Backend.Api.Features.Events.Streaming;

/// <summary>
/// Runs one stream after it joined the hub: replays the retained events after the client's position up to the position
/// the hub had when the stream joined (from the table, in position order), then the live events the hub buffers for it,
/// skipping anything already sent, so a resume delivers exactly the missed events once and in order. Sends heartbeats,
/// re-checks the credential every EVENTS_AUTH_RECHECK, and returns how the service ended the stream (null when the
/// client went away). Intervals use the monotonic clock: they are about the wire, not the business clock.
/// </summary>
internal sealed class EventStreamRunner(EventRepository events, StreamAccess access, EventsSettings settings)
{
    private const int ReplayPage = 500;

    public async Task<StreamEnd?> RunAsync(Subscription subscription, long after, IEventSink sink, CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, subscription.Closed);
        var token = linked.Token;
        CancellationTokenSource? timer = null;
        try
        {
            var last = await ReplayAsync(subscription, after, sink, token);
            var nextHeartbeat = Environment.TickCount64 + (long)settings.Heartbeat.TotalMilliseconds;
            var nextRecheck = Environment.TickCount64 + (long)settings.AuthRecheck.TotalMilliseconds;
            while (true)
            {
                var sent = false;
                var sentAt = DateTime.UtcNow;
                while (subscription.Events.TryRead(out var live))
                {
                    // The filter may have changed (WebSocket subscribe) since the hub buffered the event.
                    if (live.Position <= last || !subscription.Filter.Matches(live.Row))
                    {
                        continue;
                    }

                    await sink.SendAsync(live, token);
                    EventsMetrics.DeliveryLag.Observe(Math.Max(0, (sentAt - DateTime.SpecifyKind(live.Row.OccurredAt, DateTimeKind.Utc)).TotalSeconds));
                    last = live.Position;
                    sent = true;
                }

                var now = Environment.TickCount64;
                if (now >= nextRecheck)
                {
                    nextRecheck = now + (long)settings.AuthRecheck.TotalMilliseconds;
                    if (await access.RecheckAsync(subscription.Reader, token) is { } why)
                    {
                        subscription.Close(StreamEnd.Revoked(why));
                        return subscription.End;
                    }
                }

                if (now >= nextHeartbeat)
                {
                    nextHeartbeat = now + (long)settings.Heartbeat.TotalMilliseconds;
                    await sink.HeartbeatAsync(token);
                    sent = true;
                }

                if (sent)
                {
                    await sink.FlushAsync(token);
                }

                // One timer per heartbeat/recheck period, not one per wait: a busy stream waits many times a second.
                if (timer is null || timer.IsCancellationRequested)
                {
                    timer?.Dispose();
                    timer = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timer.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1, Math.Min(nextHeartbeat, nextRecheck) - Environment.TickCount64)));
                }

                try
                {
                    await subscription.Events.WaitToReadAsync(timer.Token);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    // A timer is due.
                }
            }
        }
        catch (OperationCanceledException) when (subscription.End is not null)
        {
            return subscription.End;
        }
        finally
        {
            timer?.Dispose();
        }
    }

    private async Task<long> ReplayAsync(Subscription subscription, long after, IEventSink sink, CancellationToken ct)
    {
        var last = after;
        while (last < subscription.JoinedAt)
        {
            var rows = await events.ReadAfterAsync(last, ReplayPage, ct);
            foreach (var row in rows)
            {
                if (row.Position > subscription.JoinedAt)
                {
                    // Live from here: the hub buffers these for the stream.
                    await sink.FlushAsync(ct);
                    return subscription.JoinedAt;
                }

                if (subscription.Accepts(row))
                {
                    await sink.SendAsync(new LiveEvent(row), ct);
                }

                last = row.Position;
            }

            await sink.FlushAsync(ct);
            if (rows.Count < ReplayPage)
            {
                break;
            }
        }

        return Math.Max(last, subscription.JoinedAt);
    }
}
