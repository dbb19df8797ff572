using Microsoft.Net.Http.Headers;

namespace Backend.Api.Http;

/// <summary>Strong ETags from a row version, and the If-Match / If-None-Match checks that use them.</summary>
internal static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    /// <summary>
    /// The version the client requires (If-Match), <c>null</c> when it sent none. <c>*</c> means "any current version".
    /// A header that names no version of ours can never match: <paramref name="unmatchable"/> is then true.
    /// </summary>
    public static int? RequiredVersion(HttpRequest request, out bool unmatchable)
    {
        unmatchable = false;
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return null;
        }

        if (EntityTagHeaderValue.TryParseList([header], out var tags))
        {
            foreach (var tag in tags)
            {
                if (!tag.IsWeak && int.TryParse(tag.Tag.AsSpan().Trim('"'), out var version))
                {
                    return version;
                }
            }
        }

        unmatchable = true;
        return null;
    }

    /// <summary>Sets the ETag (and revalidation caching) of a representation; true when the client's copy is current (answer 304).</summary>
    public static bool Validate(HttpContext context, int version)
    {
        context.Response.Headers.ETag = For(version);
        context.Response.Headers.CacheControl = "private, no-cache";
        return NotModified(context.Request, version);
    }

    /// <summary>True when If-None-Match names the current version (or is <c>*</c>): answer 304.</summary>
    public static bool NotModified(HttpRequest request, int version)
    {
        var header = request.Headers.IfNoneMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        if (header.Trim() == "*")
        {
            return true;
        }

        // If-None-Match uses the weak comparison.
        return EntityTagHeaderValue.TryParseList([header], out var tags)
            && tags.Any(t => t.Tag.AsSpan().Trim('"').SequenceEqual(version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
