using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Events;

public sealed class FanOutTests(EventsFixture fixture) : IClassFixture<EventsFixture>
{
    private const int Subscribers = 100;
    private const int Burst = 500;

    [Fact]
    public async Task A_hundred_subscribers_all_receive_a_burst_of_500_events_in_order()
    {
        var host = fixture.Host;
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host);
        using var writer = host.CreateClient(token);
        var sse = new List<SseStream>();
        var sockets = new List<WsStream>();
        var clients = new List<HttpClient>();
        var readers = new List<Task<List<(long Position, Guid Id)>>>();
        try
        {
            // Every subscriber reads from the moment it connects, as a browser does (WebSocket pings are answered while reading).
            for (var i = 0; i < Subscribers / 2; i++)
            {
                var client = host.CreateClient(token);
                clients.Add(client);
                var stream = await SseStream.OpenAsync(client, "/api/v1/events?types=entity.created");
                sse.Add(stream);
                readers.Add(Task.Run(async () =>
                {
                    var frames = new List<(long Position, Guid Id)>();
                    while (frames.Count < Burst)
                    {
                        var frame = await stream.NextAsync() ?? throw new InvalidOperationException("An SSE stream ended early.");
                        frames.Add((frame.Id!.Value, frame.Json.GetProperty("data").GetProperty("id").GetGuid()));
                    }

                    return frames;
                }));
                var socket = await WsStream.ConnectAsync(host, "types=entity.created", token);
                sockets.Add(socket);
                readers.Add(Task.Run(async () =>
                {
                    var messages = new List<(long Position, Guid Id)>();
                    while (messages.Count < Burst)
                    {
                        var message = await socket.NextAsync() ?? throw new InvalidOperationException("A socket closed early: " + socket.CloseDescription);
                        messages.Add((message.GetProperty("id").GetInt64(), message.GetProperty("data").GetProperty("id").GetGuid()));
                    }

                    return messages;
                }));
            }

            // Eight concurrent writers: the events commit in an order no single writer decides.
            var created = new System.Collections.Concurrent.ConcurrentBag<Guid>();
            await Parallel.ForEachAsync(Enumerable.Range(0, Burst), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
                created.Add(await EventsApi.CreateEntityAsync(writer)));
            var expected = created.ToHashSet();
            var received = await Task.WhenAll(readers);

            received.Length.ShouldBe(Subscribers);
            var reference = received[0].Where(r => expected.Contains(r.Id)).ToList();
            foreach (var stream in received)
            {
                stream.Select(r => r.Position).ShouldBeInOrder(SortDirection.Ascending);
                stream.Select(r => r.Position).Distinct().Count().ShouldBe(stream.Count);
                stream.Where(r => expected.Contains(r.Id)).ShouldBe(reference);
            }

            reference.Select(r => r.Id).ToHashSet().SetEquals(expected).ShouldBeTrue();
        }
        finally
        {
            foreach (var stream in sse)
            {
                await stream.DisposeAsync();
            }

            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }

            clients.ForEach(c => c.Dispose());
        }
    }
}
