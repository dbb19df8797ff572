using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Backend.Tests.Infrastructure;

namespace Backend.Tests.Features.Events;

public sealed class WebSocketUpdatesTests(EventsFixture fixture) : IClassFixture<EventsFixture>
{
    private TestHost Host => fixture.Host;

    private static bool IsCreated(JsonElement message, Guid id) =>
        message.GetProperty("type").GetString() == "entity_created" && message.GetProperty("data").GetProperty("id").GetGuid() == id;

    [Fact]
    public async Task Control_messages_carry_RFC_3339_UTC_timestamps_like_the_events()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        await using var socket = await WsStream.ConnectAsync(Host, bearer: token);
        var rfc3339Utc = new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3,6}Z$");

        await socket.SendAsync("""{"type":"ping"}""");
        var pong = (await socket.ReadUntilAsync(m => m.GetProperty("type").GetString() == "pong"))[^1];
        await socket.SendAsync("""{"type":"subscribe","event_types":["entity.updated"]}""");
        var subscribed = (await socket.ReadUntilAsync(m => m.GetProperty("type").GetString() == "subscribed"))[^1];
        await socket.SendAsync("""{"type":"shout"}""");
        var error = (await socket.ReadUntilAsync(m => m.GetProperty("type").GetString() == "error"))[^1];

        foreach (var message in new[] { pong, subscribed, error })
        {
            rfc3339Utc.IsMatch(message.GetProperty("timestamp").GetString()!).ShouldBeTrue(message.GetRawText());
        }
    }

    [Fact]
    public async Task An_entity_created_through_the_API_arrives_as_an_entity_created_message()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        await using var socket = await WsStream.ConnectAsync(Host, bearer: token);
        await socket.SendAsync("""{"type":"ping"}""");
        (await socket.ReadUntilAsync(m => m.GetProperty("type").GetString() == "pong")).ShouldNotBeEmpty();

        var id = await EventsApi.CreateEntityAsync(client);

        var message = (await socket.ReadUntilAsync(m => IsCreated(m, id)))[^1];
        message.GetProperty("event_type").GetString().ShouldBe("entity.created");
        message.GetProperty("id").GetInt64().ShouldBeGreaterThan(0);
        message.GetProperty("timestamp").GetString().ShouldEndWith("Z");
    }

    [Fact]
    public async Task A_ticket_authenticates_one_connection_only()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        using var response = await client.PostAsync(new Uri("/api/v1/events/ticket", UriKind.Relative), null);
        var ticket = (await response.ShouldBeEnvelopeAsync(HttpStatusCode.OK)).GetProperty("ticket").GetString()!;

        await using (var first = await WsStream.ConnectAsync(Host, "ticket=" + ticket))
        {
            var id = await EventsApi.CreateEntityAsync(client);
            (await first.ReadUntilAsync(m => IsCreated(m, id))).ShouldNotBeEmpty();
        }

        await using var second = await WsStream.ConnectAsync(Host, "ticket=" + ticket);
        (await second.NextAsync()).ShouldBeNull();
        ((int?)second.CloseStatus).ShouldBe(4401);
        second.CloseDescription.ShouldNotBeNull().ShouldContain("ticket");
    }

    [Fact]
    public async Task Without_a_credential_the_socket_closes_with_4401_and_a_reason()
    {
        await using var socket = await WsStream.ConnectAsync(Host);

        (await socket.NextAsync()).ShouldBeNull();
        ((int?)socket.CloseStatus).ShouldBe(4401);
        socket.CloseDescription.ShouldNotBeNull().ShouldStartWith("authentication failed");
    }

    [Fact]
    public async Task A_subscribe_message_filters_by_event_type_and_entity()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        var graph = new GraphClient(Host.CreateClient(token));
        var watched = await graph.CreateEntityAsync();
        await using var socket = await WsStream.ConnectAsync(Host, bearer: token);
        await socket.SendAsync($$"""{"type":"subscribe","event_types":["entity.updated"],"entity_ids":["{{watched}}"]}""");
        (await socket.ReadUntilAsync(m => m.GetProperty("type").GetString() == "subscribed")).ShouldNotBeEmpty();

        await graph.CreateEntityAsync();
        using var patch = new HttpRequestMessage(HttpMethod.Patch, new Uri($"/api/v1/entities/{watched}", UriKind.Relative))
        {
            Content = new StringContent("""{"description":"changed"}""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        using var patched = await graph.Http.SendAsync(patch);
        patched.StatusCode.ShouldBe(HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());

        var message = await socket.NextAsync();
        message.ShouldNotBeNull();
        message.Value.GetProperty("type").GetString().ShouldBe("entity_updated");
        message.Value.GetProperty("data").GetProperty("id").GetGuid().ShouldBe(watched);
    }

    [Fact]
    public async Task Connections_beyond_the_per_user_limit_close_with_4429()
    {
        var environment = EventsFixture.Environment();
        environment["EVENTS_MAX_CONNECTIONS_PER_USER"] = "1";
        await using var host = await TestHost.StartAsync(environment);
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(host);
        using var client = host.CreateClient(token);
        await using var first = await WsStream.ConnectAsync(host, bearer: token);
        var id = await EventsApi.CreateEntityAsync(client);
        (await first.ReadUntilAsync(m => IsCreated(m, id))).ShouldNotBeEmpty();

        await using var second = await WsStream.ConnectAsync(host, bearer: token);
        using var sse = await SseStream.SendAsync(client, "/api/v1/events");

        (await second.NextAsync()).ShouldBeNull();
        ((int?)second.CloseStatus).ShouldBe(4429);
        sse.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Deactivating_the_user_closes_the_socket_with_4401()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, adminToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        using var admin = Host.CreateClient(adminToken);
        await using var socket = await WsStream.ConnectAsync(Host, bearer: token);
        await socket.SendAsync("""{"type":"ping"}""");
        (await socket.ReadUntilAsync(m => m.GetProperty("type").GetString() == "pong")).ShouldNotBeEmpty();

        using var deactivated = await admin.PostAsync(new Uri($"/api/v1/admin/users/{userId}/deactivate", UriKind.Relative), null);
        deactivated.IsSuccessStatusCode.ShouldBeTrue(await deactivated.Content.ReadAsStringAsync());

        while (await socket.NextAsync() is not null)
        {
        }

        ((int?)socket.CloseStatus).ShouldBe(4401);
    }

    [Fact]
    public async Task A_plain_GET_without_upgrade_is_a_400_problem()
    {
        using var response = await Host.Client.GetAsync(new Uri("/ws/updates", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        WebSocketState.None.ShouldBe(WebSocketState.None);
    }
}
