using System.Net;
using System.Net.Http.Json;
using Backend.Api.Features.Auth;
using Backend.Api.Features.Auth.Passwords;
using Backend.Tests.Infrastructure;
using Dapper;
using Konscious.Security.Cryptography;

namespace Backend.Tests.Features.Auth;

public sealed class PasswordHasherTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    // Produced once with the reference implementation (Debian package argon2 0~20190702):
    //   echo -n 'Tr0ub4dor&3 is not a passphrase' | argon2 'NaCl-pepper-1234' -id -t 2 -k 19456 -p 1 -l 32 -e
    private const string CliPassword = "Tr0ub4dor&3 is not a passphrase";
    private const string CliHash = "$argon2id$v=19$m=19456,t=2,p=1$TmFDbC1wZXBwZXItMTIzNA$yYZQrUDQNHTupwCvqKgVK4wRVGArIQQ3LdjTVTEys8Q";

    // echo -n 'correct horse battery staple' | argon2 saltsaltsalt1234 -id -t 2 -m 14 -p 1 -l 32 -e
    private const string CliOlderParametersHash = "$argon2id$v=19$m=16384,t=2,p=1$c2FsdHNhbHRzYWx0MTIzNA$+7YTtmitIfItC6SOhzUcrMJzsymN2bFnkm1v5rbA9B0";

    private TestHost Host => fixture.Host;

    private PasswordHasher Hasher => (PasswordHasher)Host.Services.GetService(typeof(PasswordHasher))!;

    [Fact]
    public async Task A_hash_made_by_the_argon2_reference_cli_verifies()
    {
        var check = await Hasher.VerifyAsync(CliPassword, CliHash, CancellationToken.None);

        check.Valid.ShouldBeTrue();
        check.NeedsRehash.ShouldBeFalse();
        (await Hasher.VerifyAsync(CliPassword + "x", CliHash, CancellationToken.None)).Valid.ShouldBeFalse();
    }

    [Fact]
    public async Task Our_hash_has_the_phc_shape_the_reference_cli_produces()
    {
        var phc = await Hasher.HashAsync(CliPassword, CancellationToken.None);

        phc.ShouldMatch(@"^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$");
        (await Hasher.VerifyAsync(CliPassword, phc, CancellationToken.None)).Valid.ShouldBeTrue();
    }

    [Fact]
    public async Task Older_parameters_verify_and_ask_for_a_rehash()
    {
        var check = await Hasher.VerifyAsync("correct horse battery staple", CliOlderParametersHash, CancellationToken.None);

        check.ShouldBe(new PasswordCheck(true, true));
    }

    [Fact]
    public async Task Login_upgrades_a_hash_with_older_parameters()
    {
        var email = AuthHelper.NewEmail();
        var userId = await AuthHelper.RegisterAsync(Host, email);
        var salt = new byte[16];
        Random.Shared.NextBytes(salt);
        using var argon2 = new Argon2id(System.Text.Encoding.UTF8.GetBytes(AuthHelper.Password)) { Salt = salt, MemorySize = 8192, Iterations = 1, DegreeOfParallelism = 1 };
        var old = PasswordHasher.Format(new PasswordHashParameters(8192, 1, 1), salt, await argon2.GetBytesAsync(32));
        await using var connection = await Host.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE backend_auth.users SET password_hash = @old WHERE id = @userId", new { old, userId });

        await AuthHelper.LoginAsync(Host, email);

        var stored = await connection.ExecuteScalarAsync<string>("SELECT password_hash FROM backend_auth.users WHERE id = @userId", new { userId });
        stored.ShouldStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
        await AuthHelper.LoginAsync(Host, email);
    }

    [Fact]
    public async Task Malformed_stored_hashes_never_verify()
    {
        foreach (var phc in new[] { "", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=19456,t=2$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "plain" })
        {
            (await Hasher.VerifyAsync("anything", phc, CancellationToken.None)).Valid.ShouldBeFalse(phc);
        }
    }

    [Fact]
    public async Task A_burst_of_logins_is_served_with_hashing_capped_at_the_core_count()
    {
        var email = AuthHelper.NewEmail();
        await AuthHelper.RegisterAsync(Host, email);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            Host.Client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { email, password = AuthHelper.Password })));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
    }
}
