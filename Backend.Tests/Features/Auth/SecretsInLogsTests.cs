using System.Net.Http.Json;
using System.Text.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Auth;

/// <summary>Runs every flow, then scans every captured log line for the secrets that went through it.</summary>
public sealed class SecretsInLogsTests : IAsyncLifetime
{
    private WebhookListener _webhook = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _webhook = new WebhookListener();
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["RESET_WEBHOOK_URL"] = _webhook.Url.ToString(), ["LOG_LEVEL"] = "DEBUG" });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _webhook.DisposeAsync();
    }

    [Fact]
    public async Task No_password_token_or_hash_appears_in_any_log_line()
    {
        var secrets = new List<string>();
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(_host, email);
        secrets.Add(AuthHelper.Password);

        using (await Post("/api/v1/auth/token", new { email, password = "a wrong guess for the log test" }))
        {
            secrets.Add("a wrong guess for the log test");
        }

        using (await Post("/api/v1/auth/token", new { email = AuthHelper.NewEmail(), password = "unknown user guess for logs" }))
        {
            secrets.Add("unknown user guess for logs");
        }

        var login = await AuthHelper.LoginAsync(_host, email);
        secrets.Add(login.GetProperty("access_token").GetString()!);
        secrets.Add(login.GetProperty("refresh_token").GetString()!);
        var refreshed = await Json(await Post("/api/v1/auth/refresh", new { refresh_token = login.GetProperty("refresh_token").GetString() }));
        secrets.Add(refreshed.GetProperty("access_token").GetString()!);
        secrets.Add(refreshed.GetProperty("refresh_token").GetString()!);
        using (await Post("/api/v1/auth/refresh", new { refresh_token = login.GetProperty("refresh_token").GetString() }))
        {
        }

        using var client = _host.CreateClient(refreshed.GetProperty("access_token").GetString());
        using (await client.GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative)))
        {
        }

        using (await Post("/api/v1/auth/password/forgot", new { email }))
        {
        }

        var resetToken = (await _webhook.WaitForAsync(m => m.GetProperty("email").GetString() == email)).GetProperty("reset_token").GetString()!;
        secrets.Add(resetToken);
        using (await Post("/api/v1/auth/password/reset", new { token = resetToken, new_password = "the brand new passphrase 42" }))
        {
            secrets.Add("the brand new passphrase 42");
        }

        await using (var connection = await _host.DataSource.OpenConnectionAsync())
        {
            var hash = await connection.ExecuteScalarAsync<string>("SELECT password_hash FROM backend_auth.users WHERE id = @userId", new { userId });
            secrets.Add(hash!);
            secrets.Add(hash!.Split('$')[^1]);
        }

        await Task.Delay(300);
        var lines = _host.Logs.Lines;
        lines.Count.ShouldBeGreaterThan(10);
        foreach (var secret in secrets)
        {
            lines.ShouldNotContain(line => line.Contains(secret, StringComparison.Ordinal), $"a log line contains a secret ({secret[..Math.Min(6, secret.Length)]}…)");
        }

        lines.ShouldNotContain(line => line.Contains("$argon2id$", StringComparison.Ordinal));
        lines.ShouldNotContain(line => line.Contains("eyJ", StringComparison.Ordinal), "no JWT in logs");
    }

    private Task<HttpResponseMessage> Post(string path, object body) => _host.Client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using (response)
        {
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
    }
}
