using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Auth;

/// <summary>Password change, forgot and reset, with the reset webhook pointed at a local listener.</summary>
public sealed class PasswordTests : IAsyncLifetime
{
    private const string NewPassword = "an entirely new passphrase 9";
    private WebhookListener _webhook = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _webhook = new WebhookListener();
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["RESET_WEBHOOK_URL"] = _webhook.Url.ToString() });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _webhook.DisposeAsync();
    }

    [Fact]
    public async Task Change_needs_the_current_password()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(_host);
        using var client = _host.CreateClient(token);

        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/password/change", UriKind.Relative), new { current_password = "not my password", new_password = NewPassword });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("current_password");
    }

    [Fact]
    public async Task Change_revokes_other_sessions_and_keeps_this_one_with_a_new_pair()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(_host, email);
        var mine = await AuthHelper.LoginAsync(_host, email);
        var other = await AuthHelper.LoginAsync(_host, email);
        using var client = _host.CreateClient(mine.GetProperty("access_token").GetString());

        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/password/change", UriKind.Relative), new { current_password = AuthHelper.Password, new_password = NewPassword });

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body.GetRawText());
        (await Me(other.GetProperty("access_token").GetString()!)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Me(mine.GetProperty("access_token").GetString()!)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Me(body.GetProperty("access_token").GetString()!)).ShouldBe(HttpStatusCode.OK);
        (await Refresh(other.GetProperty("refresh_token").GetString()!)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Refresh(body.GetProperty("refresh_token").GetString()!)).ShouldBe(HttpStatusCode.OK);
        await AuthHelper.LoginAsync(_host, email, NewPassword);
    }

    [Fact]
    public async Task Wrong_current_passwords_lock_the_account_and_a_locked_account_cannot_change_it()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(_host);
        using var client = _host.CreateClient(token);

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync(new Uri("/api/v1/auth/password/change", UriKind.Relative), new { current_password = "guess " + i, new_password = NewPassword });
            wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        using var right = await client.PostAsJsonAsync(new Uri("/api/v1/auth/password/change", UriKind.Relative), new { current_password = AuthHelper.Password, new_password = NewPassword });
        await right.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Change_applies_the_password_policy()
    {
        var (_, token) = await AuthHelper.RegisterAndLoginAsync(_host);
        using var client = _host.CreateClient(token);

        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/password/change", UriKind.Relative), new { current_password = AuthHelper.Password, new_password = "qwerty123456" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("new_password");
    }

    [Fact]
    public async Task Forgot_answers_before_any_token_or_audit_write_for_a_registered_email()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(_host, email);
        await using var blocker = await _host.DataSource.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        // While this lock is held no reset token can be written: an answer now proves the writes come after it.
        await blocker.ExecuteAsync("LOCK TABLE backend_auth.password_reset_tokens IN EXCLUSIVE MODE", transaction: transaction);

        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/password/forgot", UriKind.Relative), new { email }, guard.Token);

        await response.ShouldBeEnvelopeAsync(HttpStatusCode.Accepted);
        await transaction.CommitAsync();
        var message = await _webhook.WaitForAsync(m => m.GetProperty("email").GetString() == email);
        message.GetProperty("user_id").GetGuid().ShouldBe(userId);
        await using var connection = await _host.DataSource.OpenConnectionAsync();
        var requestId = response.Headers.GetValues("X-Request-ID").Single();
        (await connection.ExecuteScalarAsync<string>(
            "SELECT request_id FROM backend_audit.audit_events WHERE action = 'auth.password_reset_request' AND target_id = @userId", new { userId })).ShouldBe(requestId);
    }

    [Fact]
    public async Task A_newer_reset_token_supersedes_the_older_one()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(_host, email);
        var first = await RequestResetAsync(email);
        (await Forgot(email)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var second = (await _webhook.WaitForAsync(m => m.GetProperty("email").GetString() == email && m.GetProperty("reset_token").GetString() != first))
            .GetProperty("reset_token").GetString()!;

        using var old = await Reset(first, NewPassword);
        using var current = await Reset(second, NewPassword);

        (await old.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("type").GetString().ShouldBe("urn:backend:problem:invalid-reset-token");
        current.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_reset_token_issued_before_a_password_change_is_refused_after_it()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(_host, email);
        var resetToken = await RequestResetAsync(email);
        var access = (await AuthHelper.LoginAsync(_host, email)).GetProperty("access_token").GetString()!;
        using var change = await _host.CreateClient(access).PostAsJsonAsync(new Uri("/api/v1/auth/password/change", UriKind.Relative), new { current_password = AuthHelper.Password, new_password = NewPassword });
        change.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var reset = await Reset(resetToken, "an attackers passphrase 11");

        (await reset.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("type").GetString().ShouldBe("urn:backend:problem:invalid-reset-token");
        await AuthHelper.LoginAsync(_host, email, NewPassword);
    }

    [Fact]
    public async Task Forgot_answers_202_alike_for_known_and_unknown_emails_and_delivers_only_for_known()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(_host, email);
        var unknownEmail = AuthHelper.NewEmail();

        using var known = await Forgot(email);
        using var unknown = await Forgot(unknownEmail);

        var knownData = await known.ShouldBeEnvelopeAsync(HttpStatusCode.Accepted);
        var unknownData = await unknown.ShouldBeEnvelopeAsync(HttpStatusCode.Accepted);
        knownData.GetRawText().ShouldBe(unknownData.GetRawText());
        var message = await _webhook.WaitForAsync(m => m.GetProperty("email").GetString() == email);
        message.GetProperty("type").GetString().ShouldBe("password_reset");
        message.GetProperty("user_id").GetGuid().ShouldBe(userId);
        message.GetProperty("reset_token").GetString()!.Length.ShouldBeGreaterThanOrEqualTo(43);
        await Task.Delay(200);
        _webhook.Received.ShouldNotContain(m => m.GetProperty("email").GetString() == unknownEmail);
        await using var connection = await _host.DataSource.OpenConnectionAsync();
        var stored = await connection.ExecuteScalarAsync<byte[]>("SELECT token_hash FROM backend_auth.password_reset_tokens WHERE user_id = @userId", new { userId });
        stored!.Length.ShouldBe(32);
    }

    [Fact]
    public async Task Reset_sets_the_password_once_and_revokes_every_session()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(_host, email);
        var session = await AuthHelper.LoginAsync(_host, email);
        var token = await RequestResetAsync(email);

        using var reset = await Reset(token, NewPassword);
        reset.StatusCode.ShouldBe(HttpStatusCode.NoContent, await reset.Content.ReadAsStringAsync());

        using var again = await Reset(token, "yet another passphrase 33");
        var problem = await again.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().ShouldBe("urn:backend:problem:invalid-reset-token");
        (await Me(session.GetProperty("access_token").GetString()!)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Refresh(session.GetProperty("refresh_token").GetString()!)).ShouldBe(HttpStatusCode.Unauthorized);
        await AuthHelper.LoginAsync(_host, email, NewPassword);
    }

    [Fact]
    public async Task Reset_token_expires_after_the_reset_ttl()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(_host, email);
        var token = await RequestResetAsync(email);

        _host.Time.Advance(TimeSpan.FromMinutes(31));
        using var reset = await Reset(token, NewPassword);

        await reset.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await AuthHelper.LoginAsync(_host, email);
    }

    [Fact]
    public async Task Reset_rejects_a_weak_password_without_spending_the_token()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(_host, email);
        var token = await RequestResetAsync(email);

        using var weak = await Reset(token, "short");
        await weak.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        using var good = await Reset(token, NewPassword);

        good.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private async Task<string> RequestResetAsync(string email)
    {
        using var response = await Forgot(email);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var message = await _webhook.WaitForAsync(m => m.GetProperty("email").GetString() == email);
        return message.GetProperty("reset_token").GetString()!;
    }

    private Task<HttpResponseMessage> Forgot(string email) =>
        _host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/password/forgot", UriKind.Relative), new { email });

    private Task<HttpResponseMessage> Reset(string token, string password) =>
        _host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/password/reset", UriKind.Relative), new { token, new_password = password });

    private async Task<HttpStatusCode> Me(string accessToken)
    {
        using var response = await _host.CreateClient(accessToken).GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> Refresh(string refreshToken)
    {
        using var response = await _host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/refresh", UriKind.Relative), new { refresh_token = refreshToken });
        return response.StatusCode;
    }
}
