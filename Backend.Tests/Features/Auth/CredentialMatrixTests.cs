using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using static Backend.Tests.Features.Admin.AdminApi;

namespace Backend.Tests.Features.Auth;

/// <summary>
/// The credential matrix of the README: every artefact the service issues (access token, refresh token, reset token, API
/// key, CSRF value) against every event that should end it. Each row arranges all five artefacts for one account, applies
/// one event and probes every artefact without spending it.
/// </summary>
public sealed class CredentialMatrixTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const string Alive = "alive";
    private const string Dead = "dead";
    private TestHost Host => fixture.Host;

    [Theory]
    //          event                  access  refresh reset  api key      csrf
    [InlineData("password_change",     Dead,   Dead,   Dead,  "admin",     Dead)]
    [InlineData("password_reset",      Dead,   Dead,   Dead,  "admin",     Dead)]
    [InlineData("logout_all",          Dead,   Dead,   Dead,  "admin",     Dead)]
    [InlineData("admin_revocation",    Dead,   Dead,   Dead,  "admin",     Dead)]
    [InlineData("deactivation",        Dead,   Dead,   Dead,  Dead,        Dead)]
    [InlineData("reactivation",        Dead,   Dead,   Dead,  "admin",     Dead)]
    [InlineData("role_change",         Dead,   Dead,   Dead,  "moderator", Dead)]
    [InlineData("newer_reset_token",   Alive,  Alive,  Dead,  "admin",     Alive)]
    public async Task Each_artefact_lives_only_while_the_state_it_came_from_is_unchanged(string @event, string access, string refresh, string reset, string apiKey, string csrf)
    {
        var (_, operatorToken) = await AuthHelper.RegisterAndLoginAsync(Host, "admin");
        using var operatorClient = Host.CreateClient(operatorToken);
        var email = AuthHelper.NewEmail("subject");
        var subjectId = await AuthHelper.RegisterAsync(Host, email);
        await AuthHelper.SetRoleAsync(Host, subjectId, "admin");
        var bearer = await AuthHelper.LoginAsync(Host, email);
        var accessToken = bearer.GetProperty("access_token").GetString()!;
        var refreshToken = bearer.GetProperty("refresh_token").GetString()!;
        var cookies = await CookieLoginAsync(email);
        var resetToken = await IssueResetAsync(operatorClient, subjectId);
        var (key, _) = await CreateApiKeyAsync(Host, accessToken, role: "admin");

        await ApplyAsync(@event, operatorClient, subjectId, accessToken, resetToken);

        (await AccessState(accessToken)).ShouldBe(access, $"access token after {@event}");
        (await ResetState(resetToken)).ShouldBe(reset, $"reset token after {@event}");
        (await ApiKeyState(key)).ShouldBe(apiKey, $"API key after {@event}");
        (await CsrfState(cookies)).ShouldBe(csrf, $"CSRF value (with its cookie session) after {@event}");
        (await RefreshState(refreshToken)).ShouldBe(refresh, $"refresh token after {@event}");
    }

    private async Task ApplyAsync(string @event, HttpClient operatorClient, Guid subjectId, string accessToken, string resetToken)
    {
        HttpResponseMessage response;
        switch (@event)
        {
            case "password_change":
                response = await Host.CreateClient(accessToken).PostAsJsonAsync(Path("/api/v1/auth/password/change"), new { current_password = AuthHelper.Password, new_password = "a changed passphrase 77" });
                break;
            case "password_reset":
                response = await Host.Client.PostAsJsonAsync(Path("/api/v1/auth/password/reset"), new { token = resetToken, new_password = "a reset passphrase 77" });
                break;
            case "logout_all":
                response = await Host.CreateClient(accessToken).PostAsJsonAsync(Path("/api/v1/auth/logout"), new { all = true });
                break;
            case "admin_revocation":
                response = await operatorClient.PostAsync(User(subjectId, "/sessions/revoke"), null);
                break;
            case "deactivation":
                response = await operatorClient.PostAsync(User(subjectId, "/deactivate"), null);
                break;
            case "reactivation":
                (await operatorClient.PostAsync(User(subjectId, "/deactivate"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
                response = await operatorClient.PatchAsJsonAsync(User(subjectId), new { is_active = true });
                break;
            case "role_change":
                response = await operatorClient.PatchAsJsonAsync(User(subjectId), new { role = "moderator" });
                break;
            case "newer_reset_token":
                response = await operatorClient.PostAsync(User(subjectId, "/password-reset"), null);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(@event), @event, null);
        }

        using (response)
        {
            ((int)response.StatusCode).ShouldBeInRange(200, 299, $"{@event}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task<string> AccessState(string accessToken)
    {
        using var response = await Host.CreateClient(accessToken).GetAsync(Path("/api/v1/auth/validate"));
        return response.StatusCode == HttpStatusCode.OK ? Alive : Dead;
    }

    private async Task<string> RefreshState(string refreshToken)
    {
        using var response = await Host.Client.PostAsJsonAsync(Path("/api/v1/auth/refresh"), new { refresh_token = refreshToken });
        return response.StatusCode == HttpStatusCode.OK ? Alive : Dead;
    }

    /// <summary>A weak password is refused by the policy only when the token is good; a bad token is refused first. Nothing is spent.</summary>
    private async Task<string> ResetState(string resetToken)
    {
        using var response = await Host.Client.PostAsJsonAsync(Path("/api/v1/auth/password/reset"), new { token = resetToken, new_password = "short" });
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        return problem.GetProperty("type").GetString() == "urn:backend:problem:invalid-reset-token" ? Dead : Alive;
    }

    /// <summary>The key's effective role, or dead.</summary>
    private async Task<string> ApiKeyState(string key)
    {
        using var response = await ApiKeyClient(Host, key).GetAsync(Path("/api/v1/auth/validate"));
        return response.StatusCode == HttpStatusCode.OK ? (await response.ShouldBeEnvelopeAsync()).GetProperty("role").GetString()! : Dead;
    }

    /// <summary>An unsafe cookie request with the session's CSRF value (a no-op name change).</summary>
    private async Task<string> CsrfState(Dictionary<string, string> cookies)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, Path("/api/v1/auth/me"));
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        request.Headers.Add("X-CSRF-Token", cookies["__Host-csrf_token"]);
        request.Content = JsonContent.Create(new { first_name = "Test" });
        using var response = await Host.Client.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK ? Alive : Dead;
    }

    private async Task<Dictionary<string, string>> CookieLoginAsync(string email)
    {
        using var response = await Host.Client.PostAsJsonAsync(Path("/api/v1/auth/token"), new { email, password = AuthHelper.Password, use_cookies = true });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
    }

    private static async Task<string> IssueResetAsync(HttpClient operatorClient, Guid userId)
    {
        using var response = await operatorClient.PostAsync(User(userId, "/password-reset"), null);
        JsonElement data = await response.ShouldBeEnvelopeAsync();
        return data.GetProperty("reset_token").GetString()!;
    }
}
