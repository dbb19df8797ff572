using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Backend.Tests.Features.Events;

/// <summary>One Server-Sent Events frame: <c>id:</c>, <c>event:</c> and <c>data:</c> (parsed as JSON).</summary>
internal sealed record SseFrame(long? Id, string? Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}

/// <summary>A real SSE reader over HttpClient: parses frames from the response stream as a browser's EventSource would.</summary>
internal sealed class SseStream : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream and checks it answered 200 text/event-stream.</summary>
    public static async Task<SseStream> OpenAsync(HttpClient client, string path, long? lastEventId = null)
    {
        var response = await SendAsync(client, path, lastEventId);
        var body = response.StatusCode == HttpStatusCode.OK ? string.Empty : await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        return new SseStream(response, await response.Content.ReadAsStreamAsync());
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The next frame with data (heartbeat comments skipped), or null when the server ended the stream.</summary>
    public async Task<SseFrame?> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        long? id = null;
        string? type = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return new SseFrame(id, type, data.ToString());
                }

                id = null;
                type = null;
                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data.Append(value);
                    break;
            }
        }
    }

    /// <summary>Frames until one matches <paramref name="predicate"/>; returns every frame read, the match last.</summary>
    public async Task<List<SseFrame>> ReadUntilAsync(Func<SseFrame, bool> predicate)
    {
        var frames = new List<SseFrame>();
        while (true)
        {
            var frame = await NextAsync() ?? throw new InvalidOperationException("The stream ended before the expected event; got " + string.Join(", ", frames.Select(f => f.Event)));
            frames.Add(frame);
            if (predicate(frame))
            {
                return frames;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
