using System.Net;
using System.Net.Http.Json;
using Backend.Tests.Infrastructure;
using Dapper;

namespace Backend.Tests.Features.Auth;

/// <summary>One mailbox, one account: emails are canonicalised (NFKC, case folding, IDNA) before every lookup and store.</summary>
public sealed class CanonicalEmailTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [Theory]
    [InlineData("Émile.x@{0}.test", "émile.x@{0}.test")]
    [InlineData("E\u0301mile.y@{0}.test", "émile.y@{0}.test")]
    [InlineData("ada@BÜRO{0}.test", "ada@büro{0}.test")]
    [InlineData("Straße@{0}.test", "STRASSE@{0}.test")]
    public async Task Two_spellings_of_one_mailbox_register_once(string first, string second)
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var firstEmail = string.Format(System.Globalization.CultureInfo.InvariantCulture, first, unique);
        var secondEmail = string.Format(System.Globalization.CultureInfo.InvariantCulture, second, unique);
        var id = await AuthHelper.RegisterAsync(Host, firstEmail);

        using var duplicate = await Register(secondEmail);

        (await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString().ShouldBe("urn:backend:problem:email-taken");
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<string>("SELECT email FROM backend_auth.users WHERE id = @id", new { id })).ShouldBe(firstEmail, "the address as typed is kept for display");
    }

    [Fact]
    public async Task Login_finds_the_account_under_any_spelling_of_its_mailbox()
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var id = await AuthHelper.RegisterAsync(Host, $"Ada@BÜRO{unique}.test");

        var byOtherCase = await AuthHelper.LoginAsync(Host, $"ada@büro{unique}.test");
        var byPunycode = await AuthHelper.LoginAsync(Host, $"ADA@{new System.Globalization.IdnMapping().GetAscii($"büro{unique}.test")}");

        byOtherCase.GetProperty("user").GetProperty("id").GetGuid().ShouldBe(id);
        byPunycode.GetProperty("user").GetProperty("id").GetGuid().ShouldBe(id);
        byOtherCase.GetProperty("user").GetProperty("email").GetString().ShouldBe($"Ada@BÜRO{unique}.test");
    }

    [Fact]
    public async Task The_canonical_form_is_stored_and_indexed_uniquely()
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var id = await AuthHelper.RegisterAsync(Host, $"Émile.Z@Example{unique}.test");

        await using var connection = await Host.DataSource.OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<string>("SELECT email_canonical FROM backend_auth.users WHERE id = @id", new { id })).ShouldBe($"émile.z@example{unique}.test");
        (await connection.ExecuteScalarAsync<bool>(
            "SELECT indisunique FROM pg_index WHERE indexrelid = 'backend_auth.users_email_canonical_key'::regclass")).ShouldBeTrue();
    }

    [Fact]
    public async Task The_backfill_gives_canonical_forms_and_reports_duplicates_without_merging()
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        var holder = await AuthHelper.RegisterAsync(Host, $"émile@{unique}.test");
        var hash = await connection.ExecuteScalarAsync<string>("SELECT password_hash FROM backend_auth.users WHERE id = @holder", new { holder });
        // Rows as they were before 0019: two spellings of one mailbox, no canonical form yet.
        var duplicate = Guid.NewGuid();
        var pending = Guid.NewGuid();
        await connection.ExecuteAsync(
            """
            INSERT INTO backend_auth.users (id, email, password_hash, first_name, last_name) VALUES
                (@duplicate, @duplicateEmail, @hash, 'Old', 'Duplicate'),
                (@pending, @pendingEmail, @hash, 'Old', 'Pending')
            """,
            new { duplicate, duplicateEmail = $"ÉMILE@{unique}.test", pending, pendingEmail = $"Zoë@{unique}.test", hash });
        var users = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Backend.Data.Auth.UserRepository>(Host.Services);

        var conflicts = await users.BackfillCanonicalEmailsAsync(Backend.Api.Features.Auth.EmailAddress.Canonical, Host.Time.GetUtcNow(), CancellationToken.None);

        var conflict = conflicts.ShouldHaveSingleItem();
        conflict.UserId.ShouldBe(duplicate);
        conflict.HolderId.ShouldBe(holder);
        (await connection.ExecuteScalarAsync<string>("SELECT email_canonical FROM backend_auth.users WHERE id = @pending", new { pending })).ShouldBe($"zoë@{unique}.test");
        (await connection.ExecuteScalarAsync<string?>("SELECT email_canonical FROM backend_auth.users WHERE id = @duplicate", new { duplicate })).ShouldBeNull();
        (await connection.ExecuteScalarAsync<Guid>("SELECT holder_id FROM backend_auth.email_canonical_conflicts WHERE user_id = @duplicate", new { duplicate })).ShouldBe(holder);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_auth.users WHERE id IN (@holder, @duplicate)", new { holder, duplicate })).ShouldBe(2, "never merged");
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM backend_auth.email_canonical_backlog WHERE id IN (@pending, @duplicate)", new { pending, duplicate })).ShouldBe(0);
    }

    [Fact]
    public async Task No_person_can_register_an_address_in_the_reserved_domain_of_api_keys()
    {
        using var response = await Register($"api-key-{Guid.NewGuid()}@API-KEYS.invalid");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors")[0].GetProperty("field").GetString().ShouldBe("email");
    }

    private Task<HttpResponseMessage> Register(string email) =>
        Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/register", UriKind.Relative), new { email, password = AuthHelper.Password, first_name = "Test", last_name = "User" });
}
