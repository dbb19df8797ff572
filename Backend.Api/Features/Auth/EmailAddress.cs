using System.Net.Mail;

namespace Backend.Api.Features.Auth;

internal static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>Emails are compared case-insensitively; this is the form stored and looked up.</summary>
    public static string Normalize(string email) => email.Trim();

    public static bool IsPlausible(string? email) =>
        email is { Length: > 2 and <= MaxLength }
        && email.Trim() == email
        && MailAddress.TryCreate(email, out var parsed)
        && parsed.Address == email
        && email.IndexOf('@', StringComparison.Ordinal) > 0;
}
