using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Backend.Api.Http;

/// <summary>What RFC 9110 §13.2.2 says to do with a request's preconditions.</summary>
internal enum Precondition
{
    /// <summary>Every precondition holds (or none was sent): perform the method.</summary>
    Proceed,

    /// <summary>If-None-Match matched on GET or HEAD: answer 304.</summary>
    NotModified,

    /// <summary>If-Match did not match, or If-None-Match matched on another method: answer 412.</summary>
    Failed,
}

/// <summary>
/// Strong ETags from a row version, and RFC 9110 §13 conditional requests against them: If-Match and If-None-Match
/// with their full grammar (<c>*</c> or a list of entity-tags, weak or strong), the strong comparison for If-Match and the
/// weak one for If-None-Match, in the order of §13.2.2. Representations carry no Last-Modified, so If-Unmodified-Since and
/// If-Modified-Since do not apply (§13.1.3, §13.1.4) and are ignored.
/// </summary>
internal static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    /// <param name="currentVersion">The version of the selected representation; null when there is none.</param>
    public static Precondition Evaluate(HttpRequest request, int? currentVersion)
    {
        var current = currentVersion is { } version ? new EntityTagHeaderValue(For(version)) : null;

        // Step 1: If-Match, strong comparison; "*" matches any current representation. A field that does not parse names
        // no tag of ours, so it cannot match either.
        if (IsPresent(request.Headers.IfMatch) && !Matches(request.Headers.IfMatch, current, strong: true))
        {
            return Precondition.Failed;
        }

        // Step 3: If-None-Match, weak comparison; 304 for GET and HEAD, 412 for every other method.
        if (IsPresent(request.Headers.IfNoneMatch) && Matches(request.Headers.IfNoneMatch, current, strong: false))
        {
            return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ? Precondition.NotModified : Precondition.Failed;
        }

        return Precondition.Proceed;
    }

    /// <summary>True when the request carries If-Match or If-None-Match (a lost race then answers 412, not 409).</summary>
    public static bool HasPreconditions(HttpRequest request) => IsPresent(request.Headers.IfMatch) || IsPresent(request.Headers.IfNoneMatch);

    private static bool IsPresent(StringValues field) => !StringValues.IsNullOrEmpty(field) && field.Any(v => !string.IsNullOrWhiteSpace(v));

    private static bool Matches(StringValues field, EntityTagHeaderValue? current, bool strong)
    {
        if (!EntityTagHeaderValue.TryParseStrictList(field, out var tags))
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (tag.Tag.Equals("*", StringComparison.Ordinal))
            {
                return current is not null;
            }

            if (current is not null && tag.Compare(current, useStrongComparison: strong))
            {
                return true;
            }
        }

        return false;
    }
}
