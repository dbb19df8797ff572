using System.Globalization;
using System.Net.Mail;
using ICU4N.Text;

namespace Backend.Api.Features.Auth;

/// <summary>
/// Email addresses are stored as typed (for display) and looked up by one canonical form: the whole address in Unicode
/// NFKC with full case folding (ICU's nfkc_cf, so 'É' typed as one code point or as 'E' + U+0301, 'Ü' and 'ü', 'ß' and
/// 'ss' all agree), and the domain's IDNA A-labels (xn--…) decoded so 'büro.test' and 'xn--bro-hoa.test' agree.
/// The process runs with InvariantGlobalization, where string.Normalize does nothing for non-ASCII text, hence ICU4N.
/// </summary>
internal static class EmailAddress
{
    public const int MaxLength = 254;

    private static readonly Normalizer2 Folding = Normalizer2.GetInstance(null, "nfkc_cf", Normalizer2Mode.Compose);
    private static readonly IdnMapping Idn = new();

    /// <summary>The address as typed, trimmed: what the account shows.</summary>
    public static string Normalize(string email) => email.Trim();

    /// <summary>The form every lookup and uniqueness check uses; null when the domain is not a valid IDNA name.</summary>
    public static string? Canonical(string email)
    {
        var folded = Folding.Normalize(email.Trim());
        var at = folded.LastIndexOf('@');
        if (at <= 0 || at == folded.Length - 1)
        {
            return folded;
        }

        var domain = folded[(at + 1)..];
        try
        {
            // GetAscii validates the labels; GetUnicode decodes A-labels; folding again covers what decoding revealed.
            domain = Folding.Normalize(Idn.GetUnicode(Idn.GetAscii(domain)));
        }
        catch (ArgumentException)
        {
            return null;
        }

        return folded[..(at + 1)] + domain;
    }

    public static bool IsPlausible(string? email) =>
        email is { Length: > 2 and <= MaxLength }
        && email.Trim() == email
        && MailAddress.TryCreate(email, out var parsed)
        && parsed.Address == email
        && email.IndexOf('@', StringComparison.Ordinal) > 0
        && Canonical(email) is { } canonical
        // RFC 2606 reserves .invalid; API keys' service accounts use it, so no person may.
        && !canonical.EndsWith(".invalid", StringComparison.Ordinal);
}
