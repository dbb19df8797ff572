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
        try
        {
            var last = await ReplayAsync(subscription, after, sink, token);
            var nextHeartbeat = Environment.TickCount64 + (long)settings.Heartbeat.TotalMilliseconds;
            var nextRecheck = Environment.TickCount64 + (long)settings.AuthRecheck.TotalMilliseconds;
            while (true)
            {
                var sent = false;
                while (subscription.Events.TryRead(out var row))
                {
                    // The filter may have changed (WebSocket subscribe) since the hub buffered the event.
                    if (row.Position <= last || !subscription.Filter.Matches(row))
                    {
                        continue;
                    }

                    await sink.SendAsync(row, token);
                    EventsMetrics.DeliveryLag.Observe(Math.Max(0, (DateTime.UtcNow - DateTime.SpecifyKind(row.OccurredAt, DateTimeKind.Utc)).TotalSeconds));
                    last = row.Position;
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

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                wait.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1, Math.Min(nextHeartbeat, nextRecheck) - Environment.TickCount64)));
                try
                {
                    await subscription.Events.WaitToReadAsync(wait.Token);
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
                    await sink.SendAsync(row, ct);
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
