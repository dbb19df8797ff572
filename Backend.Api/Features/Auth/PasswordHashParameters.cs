namespace Backend.Api.Features.Auth;

/// <summary>Argon2id cost parameters; stored in every PHC string so they can be raised later.</summary>
internal sealed record PasswordHashParameters(int MemoryKib, int Iterations, int Parallelism)
{
    public const int SaltBytes = 16;
    public const int HashBytes = 32;

    public static PasswordHashParameters Owasp { get; } = new(19456, 2, 1);
}
