using Backend.Data.Events;

namespace Backend.Api.Features.Events.Streaming;

/// <summary>
/// This replica's open streams. The feed hands it every committed event once, in position order; the hub offers each
/// event to the subscriptions that may see and want it. A subscription whose buffer is full is closed (slow consumer)
/// instead of slowing anyone else; a deactivated user's streams close as the event passes. Admission enforces
/// EVENTS_MAX_CONNECTIONS and the per-user limit; a graceful stop closes every stream with a reason.
/// </summary>
internal sealed class EventHub
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, int> _perKey = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EventsSettings _settings;
    private Subscription[] _subscriptions = [];
    private long _head;
    private bool _stopping;

    public EventHub(EventsSettings settings, IHostApplicationLifetime lifetime)
    {
        _settings = settings;
        lifetime.ApplicationStopping.Register(() => CloseAll(StreamEnd.Shutdown));
    }

    /// <summary>Completes once the feed knows the current position (streams wait for it before joining).</summary>
    public Task Ready => _ready.Task;

    public long Head
    {
        get
        {
            lock (_gate)
            {
                return _head;
            }
        }
    }

    public void Start(long head)
    {
        lock (_gate)
        {
            _head = Math.Max(_head, head);
        }

        _ready.TrySetResult();
    }

    /// <summary>Adds the subscription and records the position it joins at; returns why not when a limit is reached.</summary>
    public StreamEnd? TryJoin(Subscription subscription)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return StreamEnd.Shutdown;
            }

            if (_subscriptions.Length >= _settings.MaxConnections)
            {
                EventsMetrics.Closed.WithLabels(StreamEnd.Overloaded.Reason).Inc();
                return StreamEnd.Overloaded;
            }

            var key = subscription.Reader.LimitKey;
            var count = _perKey.GetValueOrDefault(key);
            if (count >= _settings.MaxConnectionsPerUser)
            {
                EventsMetrics.Closed.WithLabels(StreamEnd.UserLimit.Reason).Inc();
                return StreamEnd.UserLimit;
            }

            _perKey[key] = count + 1;
            subscription.JoinedAt = _head;
            _subscriptions = [.. _subscriptions, subscription];
        }

        EventsMetrics.Connections.WithLabels(subscription.Transport).Inc();
        return null;
    }

    public void Leave(Subscription subscription)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_subscriptions, subscription);
            if (index < 0)
            {
                return;
            }

            _subscriptions = [.. _subscriptions[..index], .. _subscriptions[(index + 1)..]];
            var key = subscription.Reader.LimitKey;
            if (_perKey.TryGetValue(key, out var count) && count > 1)
            {
                _perKey[key] = count - 1;
            }
            else
            {
                _perKey.Remove(key);
            }
        }

        EventsMetrics.Connections.WithLabels(subscription.Transport).Dec();
    }

    /// <summary>
    /// Offers committed events (in position order, each once) to every subscription. Each subscription is handed the
    /// whole batch before the next one, so a stream wakes once per batch rather than once per event.
    /// </summary>
    public void Publish(IReadOnlyList<EventRow> rows)
    {
        lock (_gate)
        {
            var batch = new List<LiveEvent>(rows.Count);
            foreach (var row in rows)
            {
                if (row.Position > _head && (batch.Count == 0 || row.Position > batch[^1].Position))
                {
                    batch.Add(new LiveEvent(row));
                }
            }

            if (batch.Count == 0)
            {
                return;
            }

            foreach (var subscription in _subscriptions)
            {
                foreach (var live in batch)
                {
                    var row = live.Row;
                    if (string.Equals(row.EventType, "user.deactivated", StringComparison.Ordinal) && row.SubjectIds.Contains(subscription.Reader.UserId))
                    {
                        subscription.Close(StreamEnd.Revoked("the account was deactivated"));
                        break;
                    }

                    if (subscription.Accepts(row) && !subscription.Offer(live))
                    {
                        subscription.Close(StreamEnd.SlowConsumer(_settings.SubscriberBuffer));
                        break;
                    }
                }
            }

            _head = batch[^1].Position;
        }
    }

    private void CloseAll(StreamEnd end)
    {
        Subscription[] open;
        lock (_gate)
        {
            _stopping = true;
            open = _subscriptions;
        }

        foreach (var subscription in open)
        {
            subscription.Close(end);
        }
    }
}
