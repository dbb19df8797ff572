using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Backend.Api.Features.Auth.Passwords;

/// <summary>
/// Argon2id (RFC 9106) in PHC string format (<c>$argon2id$v=19$m=…,t=…,p=…$salt$hash</c>, unpadded base64),
/// verifiable by any standard Argon2 library. At most one hash per core runs at a time, so a burst of logins
/// queues instead of holding one memory matrix (<c>m</c> KiB, 19 MiB by default) per request.
/// One lane (<c>p=1</c>, the default) with a 16-byte salt is computed by libsodium (through Geralt), which maps
/// the matrix outside the managed heap and unmaps it when the hash returns: no large-object-heap churn, so
/// memory under logins stays near the idle figure. Other shapes (<c>p</c> &gt; 1, which libsodium does not
/// compute, or another salt length) fall back to Konscious, which allocates the matrix as managed arrays.
/// </summary>
internal sealed class PasswordHasher : IDisposable
{
    private readonly SemaphoreSlim _gate = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly PasswordHashParameters _parameters;
    private readonly Lazy<Task<string>> _dummyHash;

    public PasswordHasher(AuthSettings settings)
    {
        _parameters = settings.HashParameters;
        _dummyHash = new Lazy<Task<string>>(() => HashAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), CancellationToken.None));
    }

    public PasswordHashParameters Parameters => _parameters;

    public async Task<string> HashAsync(string password, CancellationToken ct)
    {
        var salt = RandomNumberGenerator.GetBytes(PasswordHashParameters.SaltBytes);
        var hash = await ComputeAsync(password, salt, _parameters, PasswordHashParameters.HashBytes, ct);
        return Format(_parameters, salt, hash);
    }

    /// <summary>Verifies <paramref name="password"/>; <c>NeedsRehash</c> is true when the stored parameters differ from today's.</summary>
    public async Task<PasswordCheck> VerifyAsync(string password, string phc, CancellationToken ct)
    {
        if (!TryParse(phc, out var parameters, out var salt, out var expected))
        {
            return new PasswordCheck(false, false);
        }

        var actual = await ComputeAsync(password, salt, parameters, expected.Length, ct);
        var valid = CryptographicOperations.FixedTimeEquals(actual, expected);
        var outdated = parameters != _parameters || salt.Length != PasswordHashParameters.SaltBytes || expected.Length != PasswordHashParameters.HashBytes;
        return new PasswordCheck(valid, valid && outdated);
    }

    /// <summary>Spends the same work as a real verification, so an unknown email answers as slowly as a wrong password.</summary>
    public async Task VerifyDummyAsync(string password, CancellationToken ct) =>
        await VerifyAsync(password, await _dummyHash.Value.WaitAsync(ct), ct);

    public static string Format(PasswordHashParameters parameters, byte[] salt, byte[] hash) =>
        string.Create(CultureInfo.InvariantCulture, $"$argon2id$v=19$m={parameters.MemoryKib},t={parameters.Iterations},p={parameters.Parallelism}${Encode(salt)}${Encode(hash)}");

    public static bool TryParse(string phc, out PasswordHashParameters parameters, out byte[] salt, out byte[] hash)
    {
        parameters = PasswordHashParameters.Owasp;
        salt = hash = [];
        var parts = phc.Split('$');
        if (parts.Length != 6 || parts[0].Length != 0 || parts[1] != "argon2id" || parts[2] != "v=19")
        {
            return false;
        }

        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in parts[3].Split(','))
        {
            var kv = pair.Split('=');
            if (kv.Length != 2 || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !values.TryAdd(kv[0], number))
            {
                return false;
            }
        }

        if (!values.TryGetValue("m", out var m) || !values.TryGetValue("t", out var t) || !values.TryGetValue("p", out var p)
            || values.Count != 3 || m < 8 || m > 4_194_304 || t < 1 || t > 100 || p < 1 || p > 64)
        {
            return false;
        }

        try
        {
            salt = Decode(parts[4]);
            hash = Decode(parts[5]);
        }
        catch (FormatException)
        {
            return false;
        }

        parameters = new PasswordHashParameters(m, t, p);
        return salt.Length >= 8 && hash.Length >= 16;
    }

    public void Dispose() => _gate.Dispose();

    private async Task<byte[]> ComputeAsync(string password, byte[] salt, PasswordHashParameters parameters, int length, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            if (IsNativeShape(parameters, salt))
            {
                var output = new byte[length];
                Geralt.Argon2id.DeriveKey(output, passwordBytes, salt, parameters.Iterations, parameters.MemoryKib * 1024);
                return output;
            }

            using var argon2 = new Argon2id(passwordBytes)
            {
                Salt = salt,
                MemorySize = parameters.MemoryKib,
                Iterations = parameters.Iterations,
                DegreeOfParallelism = parameters.Parallelism,
            };
            return await argon2.GetBytesAsync(length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
            _gate.Release();
        }
    }

    // libsodium's crypto_pwhash computes one lane, takes exactly a 16-byte salt and its memory limit in bytes as an int here.
    private static bool IsNativeShape(PasswordHashParameters parameters, byte[] salt) =>
        parameters.Parallelism == 1 && salt.Length == Geralt.Argon2id.SaltSize && parameters.MemoryKib <= int.MaxValue / 1024;

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] Decode(string text) => Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
}
