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

    // Produced with the previous implementation (Konscious.Security.Cryptography.Argon2 1.3.1, all managed) from
    // these ASCII salts: "sixteen-byte-slt" (today's shape: libsodium computes it now), "two-lanes-salt16" (p=2) and
    // "8bytesal" (a salt libsodium does not take): the last two still go through Konscious.
    private const string ManagedPassword = "Konscious made this hash, 2026";
    private static readonly string[] ManagedHashes =
    [
        "$argon2id$v=19$m=19456,t=2,p=1$c2l4dGVlbi1ieXRlLXNsdA$lsfaIFJP5E9V95ZOQUfPPIqqjOEHHyqaBs0TRI9YU/k",
        "$argon2id$v=19$m=8192,t=2,p=2$dHdvLWxhbmVzLXNhbHQxNg$8xpAC22df3B5kR5P86G4BX7Jbi8eCdphbh5FayFNiTE",
        "$argon2id$v=19$m=8192,t=1,p=1$OGJ5dGVzYWw$cGv8+9dZt9urKgV/NBtinswQBOY+iaZbkK7kecSCzds",
    ];

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
    public async Task Hashes_made_by_the_previous_managed_implementation_verify()
    {
        foreach (var phc in ManagedHashes)
        {
            var check = await Hasher.VerifyAsync(ManagedPassword, phc, CancellationToken.None);

            check.ShouldBe(new PasswordCheck(true, phc != ManagedHashes[0]), phc);
            (await Hasher.VerifyAsync(ManagedPassword + ".", phc, CancellationToken.None)).Valid.ShouldBeFalse(phc);
        }
    }

    [Fact]
    public async Task Our_hash_verifies_with_the_previous_managed_implementation()
    {
        var phc = await Hasher.HashAsync(ManagedPassword, CancellationToken.None);

        PasswordHasher.TryParse(phc, out var parameters, out var salt, out var hash).ShouldBeTrue();
        using var argon2 = new Argon2id(System.Text.Encoding.UTF8.GetBytes(ManagedPassword))
        {
            Salt = salt, MemorySize = parameters.MemoryKib, Iterations = parameters.Iterations, DegreeOfParallelism = parameters.Parallelism,
        };
        (await argon2.GetBytesAsync(hash.Length)).ShouldBe(hash);
    }

    [Fact]
    public async Task The_default_shape_keeps_the_memory_matrix_off_the_managed_heap()
    {
        // With a free hashing slot the whole verification runs synchronously on this thread, so this thread's
        // allocation counter sees all it allocates; the 19 MiB matrix (managed before) must not be part of it.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var verification = Hasher.VerifyAsync(ManagedPassword, ManagedHashes[0], CancellationToken.None);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var synchronous = verification.IsCompleted;
            var check = await verification;
            if (synchronous)
            {
                check.Valid.ShouldBeTrue();
                allocated.ShouldBeLessThan(1024 * 1024);
                return;
            }
        }

        throw new InvalidOperationException("Every attempt waited for a hashing slot held by other tests.");
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
