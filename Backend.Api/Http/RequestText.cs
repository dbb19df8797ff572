namespace Backend.Api.Http;

/// <summary>
/// The rules every text value bound into SQL obeys, wherever it came from (body, path, query, cursor, filter JSON):
/// PostgreSQL text cannot hold NUL, UTF-8 cannot carry an unpaired surrogate, and every value has a length limit.
/// </summary>
internal static class RequestText
{
    public const string CharactersMessage = "must not contain the NUL character (U+0000) or unpaired surrogates";

    /// <summary>The rule <paramref name="value"/> breaks (<c>characters</c> or <c>length</c>), or null.</summary>
    public static string? Violation(string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (!IsStorable(value))
        {
            return "characters";
        }

        return value.Length > maxLength ? "length" : null;
    }

    /// <summary>False when the text holds NUL or an unpaired UTF-16 surrogate.</summary>
    public static bool IsStorable(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
