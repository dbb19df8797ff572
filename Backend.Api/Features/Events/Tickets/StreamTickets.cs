using System.Security.Cryptography;
using System.Text;

namespace Backend.Api.Features.Events.Tickets;

/// <summary>WebSocket tickets: 256 random bits, URL-safe; only their SHA-256 is stored.</summary>
internal static class StreamTickets
{
    public static string Generate() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string ticket) => SHA256.HashData(Encoding.UTF8.GetBytes(ticket));

    public static bool IsWellFormed(string ticket) => ticket.Length == 43 && ticket.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
