using System.Collections.Frozen;

namespace Backend.Api.Features.Auth.Passwords;

/// <summary>
/// NIST SP 800-63B style: length PASSWORD_MIN_LENGTH–128, no composition rules, not a known common password,
/// not the account's email. Returns a readable reason, or null when the password is acceptable.
/// </summary>
internal sealed class PasswordPolicy(AuthSettings settings)
{
    public const int MaxLength = 128;

    private static readonly Lazy<FrozenSet<string>> Common = new(LoadCommon);

    public int MinLength => settings.PasswordMinLength;

    public string? Check(string? password, string? email)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "A password is required.";
        }

        var length = password.EnumerateRunes().Count();
        if (length < MinLength || length > MaxLength)
        {
            return $"The password must be {MinLength} to {MaxLength} characters long.";
        }

        if (email is not null && string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return "The password must not be the email address.";
        }

        if (Common.Value.Contains(password.ToLowerInvariant()))
        {
            return "This password is on a list of commonly used passwords; choose another.";
        }

        return null;
    }

    private static FrozenSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Backend.Api.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                words.Add(line);
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
