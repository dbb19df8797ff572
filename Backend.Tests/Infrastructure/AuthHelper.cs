using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;

namespace Backend.Tests.Infrastructure;

/// <summary>Accounts for tests: register, log in, promote, and clients carrying a bearer token.</summary>
internal static class AuthHelper
{
    /// <summary>A password that passes the policy (length, not common); tests vary the email, not this.</summary>
    public const string Password = "a sturdy test passphrase 7";

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>Registers a fresh user, sets <paramref name="role"/> in the database when it is not "user", and logs in.</summary>
    public static async Task<(Guid UserId, string AccessToken)> RegisterAndLoginAsync(TestHost host, string role = "user")
    {
        var email = NewEmail(role);
        var userId = await RegisterAsync(host, email);
        if (role != "user")
        {
            await SetRoleAsync(host, userId, role);
        }

        var token = await LoginAsync(host, email);
        return (userId, token.GetProperty("access_token").GetString()!);
    }

    public static async Task<Guid> RegisterAsync(TestHost host, string email, string password = Password)
    {
        using var response = await host.Client.PostAsJsonAsync(
            new Uri("/api/v1/auth/register", UriKind.Relative),
            new { email, password, first_name = "Test", last_name = "User" });
        var data = await response.ShouldBeEnvelopeAsync(HttpStatusCode.Created);
        return data.GetProperty("id").GetGuid();
    }

    /// <summary>Logs in and returns the token response body (access_token, refresh_token, …).</summary>
    public static async Task<JsonElement> LoginAsync(TestHost host, string email, string password = Password)
    {
        using var response = await host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { email, password });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Changes the role directly in the database; log in again afterwards (tokens carrying the old role are refused).</summary>
    public static async Task SetRoleAsync(TestHost host, Guid userId, string role)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE backend_auth.users SET role = @role WHERE id = @userId", new { userId, role });
    }
}
