namespace Backend.Api.Features.Ingestion.Messaging;

/// <summary>
/// The client's "None of the specified endpoints were reachable" hides the reason (refused login, DNS, TLS) in inner
/// exceptions; operators need it in the log and in readiness.
/// </summary>
internal static class BrokerErrors
{
    public static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? current = exception; current is not null && messages.Count < 4; current = current.InnerException)
        {
            if (!messages.Contains(current.Message, StringComparer.Ordinal))
            {
                messages.Add(current.Message);
            }
        }

        return string.Join(": ", messages);
    }
}
