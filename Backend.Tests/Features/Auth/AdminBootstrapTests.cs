using System.Net;
using Backend.Api.Features.Auth;
using Backend.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Backend.Tests.Features.Auth;

public sealed class AdminBootstrapTests
{
    private const string AdminPassword = "bootstrap admin passphrase 1";

    [Fact]
    public async Task Startup_creates_the_first_admin_once_and_never_overwrites_it()
    {
        var email = AuthHelper.NewEmail("admin");
        var environment = new Dictionary<string, string?> { ["ADMIN_EMAIL"] = email, ["ADMIN_PASSWORD"] = AdminPassword };
        Npgsql.NpgsqlConnectionStringBuilder database;
        await using (var first = await TestHost.StartAsync(environment))
        {
            database = first.Database;
            var login = await AuthHelper.LoginAsync(first, email, AdminPassword);
            login.GetProperty("user").GetProperty("role").GetString().ShouldBe("admin");
        }

        environment["ADMIN_PASSWORD"] = "a different passphrase 2";
        await using var second = await TestHost.StartAsync(environment, database);
        await AuthHelper.LoginAsync(second, email, AdminPassword);
        await using var connection = await second.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_auth.users WHERE lower(email) = lower(@email)", new { email })).ShouldBe(1);
    }

    [Fact]
    public async Task The_cli_mode_promotes_an_existing_account_and_ends_its_sessions()
    {
        await using var host = await TestHost.StartAsync();
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(host, email);
        var before = (await AuthHelper.LoginAsync(host, email)).GetProperty("access_token").GetString();

        var outcome = await host.Services.GetRequiredService<AdminAccounts>().CreateOrPromoteAsync(email, null, CancellationToken.None);

        outcome.ShouldStartWith("Promoted");
        var after = await AuthHelper.LoginAsync(host, email);
        after.GetProperty("user").GetProperty("role").GetString().ShouldBe("admin");
        host.Time.Advance(TimeSpan.FromSeconds(31));
        using var old = await host.CreateClient(before).GetAsync(new Uri("/api/v1/auth/me", UriKind.Relative));
        old.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_cli_mode_creates_an_admin_with_a_policy_checked_password()
    {
        await using var host = await TestHost.StartAsync();
        var email = AuthHelper.NewEmail("cli");

        await Should.ThrowAsync<InvalidOperationException>(() =>
            host.Services.GetRequiredService<AdminAccounts>().CreateOrPromoteAsync(email, "qwerty123456", CancellationToken.None));
        var outcome = await host.Services.GetRequiredService<AdminAccounts>().CreateOrPromoteAsync(email, AdminPassword, CancellationToken.None);

        outcome.ShouldStartWith("Created admin");
        (await AuthHelper.LoginAsync(host, email, AdminPassword)).GetProperty("user").GetProperty("role").GetString().ShouldBe("admin");
        using var admin = await host.CreateClient((await AuthHelper.LoginAsync(host, email, AdminPassword)).GetProperty("access_token").GetString())
            .GetAsync(new Uri("/api/v1/test-probes/admin", UriKind.Relative));
        admin.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }
}
