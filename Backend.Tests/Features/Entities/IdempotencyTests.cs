using System.Net;
using Backend.Data.Idempotency;
using Backend.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Tests.Features.Entities;

public sealed class IdempotencyTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_replays_the_first_response_and_creates_once()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var key = NewKey();
        var body = new { name = EntityApi.UniqueName(), type = "organization" };

        using var first = await PostAsync(client, EntityApi.Collection, key, body);
        using var retry = await PostAsync(client, EntityApi.Collection, key, body);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await retry.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        retry.Headers.Location.ShouldBe(first.Headers.Location);
        retry.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");
        first.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await EntityApi.CountByNameAsync(Host, body.name)).ShouldBe(1);
    }

    [Fact]
    public async Task A_batch_retry_with_the_same_key_and_body_replays_and_creates_once()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var key = NewKey();
        var type = EntityApi.UniqueType();
        var body = new { entities = new[] { new { name = "One", type }, new { name = "Two", type } } };

        using var first = await PostAsync(client, EntityApi.Batch, key, body);
        using var retry = await PostAsync(client, EntityApi.Batch, key, body);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await retry.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(2);
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_returns_422_and_creates_nothing_more()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var key = NewKey();
        var type = EntityApi.UniqueType();

        using var first = await PostAsync(client, EntityApi.Collection, key, new { name = "First", type });
        using var second = await PostAsync(client, EntityApi.Collection, key, new { name = "Second", type });

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var problem = await second.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("type").GetString()!.ShouldEndWith("idempotency-key-reused");
        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(1);
    }

    [Fact]
    public async Task A_retry_while_the_first_request_is_still_running_returns_409()
    {
        var (userId, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var body = new { name = EntityApi.UniqueName(), type };
        // The first request of the pair, under another key, tells us the hash the service computes for this body.
        var probeKey = NewKey();
        using (var probe = await PostAsync(client, EntityApi.Collection, probeKey, body))
        {
            probe.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var key = NewKey();
        var claim = await Host.Services.GetRequiredService<IdempotencyRepository>().TryClaimAsync(
            userId, key, "POST", "/api/v1/entities", await RequestHashAsync(userId, probeKey), Host.Time.GetUtcNow(), TimeSpan.FromHours(24), CancellationToken.None);
        claim.ShouldBeNull();

        using var retry = await PostAsync(client, EntityApi.Collection, key, body);

        var problem = await retry.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("type").GetString()!.ShouldEndWith("idempotency-in-progress");
        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(1);
    }

    [Fact]
    public async Task Two_concurrent_requests_with_the_same_key_create_one_entity()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var key = NewKey();
        var type = EntityApi.UniqueType();
        var body = new { name = EntityApi.UniqueName(), type };

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(client, EntityApi.Collection, key, body)));

        try
        {
            responses.Count(r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains("Idempotent-Replayed")).ShouldBe(1);
            responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.Conflict);
            (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(1);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task The_same_key_used_by_another_user_is_independent()
    {
        var (_, firstToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        var (_, secondToken) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var firstClient = Host.CreateClient(firstToken);
        using var secondClient = Host.CreateClient(secondToken);
        var key = NewKey();
        var type = EntityApi.UniqueType();

        using var first = await PostAsync(firstClient, EntityApi.Collection, key, new { name = "Mine", type });
        using var second = await PostAsync(secondClient, EntityApi.Collection, key, new { name = "Theirs", type });

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        second.Headers.Location.ShouldNotBe(first.Headers.Location);
        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(2);
    }

    [Fact]
    public async Task Requests_without_a_key_are_not_deduplicated()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();
        var body = new { name = "Twice", type };

        await EntityApi.CreateAsync(client, body);
        await EntityApi.CreateAsync(client, body);

        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(2);
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_400_and_creates_nothing()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(Host);
        using var client = Host.CreateClient(token);
        var type = EntityApi.UniqueType();

        using var response = await PostAsync(client, EntityApi.Collection, new string('k', 256), new { name = "Long key", type });

        await response.ShouldNameFieldAsync("Idempotency-Key", "length");
        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(0);
    }

    [Fact]
    public async Task A_key_can_be_used_for_a_new_request_after_24_hours()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);
        var key = NewKey();
        var type = EntityApi.UniqueType();
        using (var client = await LoginAsync(email))
        using (var first = await PostAsync(client, EntityApi.Collection, key, new { name = "Yesterday", type }))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        Host.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        using var later = await LoginAsync(email);
        using var response = await PostAsync(later, EntityApi.Collection, key, new { name = "Today", type });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await EntityApi.CountByTypeAsync(Host, type)).ShouldBe(2);
    }

    private static string NewKey() => "key-" + Guid.NewGuid().ToString("N");

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Uri uri, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = EntityApi.Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private async Task<HttpClient> LoginAsync(string email)
    {
        var token = await AuthHelper.LoginAsync(Host, email);
        return Host.CreateClient(token.GetProperty("access_token").GetString());
    }

    private async Task<string> RequestHashAsync(Guid userId, string key)
    {
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>(
            "SELECT request_hash FROM backend_idempotency.idempotency_keys WHERE user_id = @userId AND idempotency_key = @key", new { userId, key }) ?? throw new InvalidOperationException("No key stored.");
    }
}
