using System.Threading.Channels;
using Backend.Data.Events;

namespace Backend.Api.Features.Events.Streaming;

/// <summary>
/// One open stream: the events the hub offered it (a bounded buffer), the position the hub had reached when it joined
/// (older events are replayed from the table), and how it ends when the service ends it (with a code and a reason).
/// </summary>
internal sealed class Subscription
{
    private readonly Channel<LiveEvent> _buffer;
    private readonly CancellationTokenSource _closed = new();
    private volatile EventFilter _filter;

    public Subscription(EventReader reader, EventFilter filter, string transport, int capacity)
    {
        Reader = reader;
        Transport = transport;
        _filter = filter;
        _buffer = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public EventReader Reader { get; }

    public string Transport { get; }

    public EventFilter Filter
    {
        get => _filter;
        set => _filter = value;
    }

    /// <summary>The hub's position when the subscription joined: live events start after it.</summary>
    public long JoinedAt { get; set; }

    public ChannelReader<LiveEvent> Events => _buffer.Reader;

    public CancellationToken Closed => _closed.Token;

    public StreamEnd? End { get; private set; }

    public bool Accepts(EventRow row) => Reader.CanSee(row) && Filter.Matches(row);

    /// <summary>False when the buffer is full: the subscriber is too slow and must be closed.</summary>
    public bool Offer(LiveEvent live) => _buffer.Writer.TryWrite(live);

    public void Close(StreamEnd end)
    {
        lock (_closed)
        {
            if (End is not null)
            {
                return;
            }

            End = end;
        }

        EventsMetrics.Closed.WithLabels(end.Reason).Inc();
        _closed.Cancel();
    }
}
