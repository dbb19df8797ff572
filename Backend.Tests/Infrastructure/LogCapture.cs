using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Backend.Tests.Infrastructure;

/// <summary>Collects the service's log output, one JSON document per line.</summary>
internal sealed class LogCapture : TextWriter
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _pending = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines => [.. _lines];

    public IReadOnlyList<JsonElement> Entries => Lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _pending.Append(value);
            var text = _pending.ToString();
            var lastNewline = text.LastIndexOf('\n');
            if (lastNewline < 0)
            {
                return;
            }

            foreach (var line in text[..lastNewline].Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                _lines.Enqueue(line.TrimEnd('\r'));
            }

            _pending.Clear().Append(text[(lastNewline + 1)..]);
        }
    }

    /// <summary>Waits briefly for a line to appear (request summaries are written after the response is sent).</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var match = Entries.FirstOrDefault(predicate);
            if (match.ValueKind != JsonValueKind.Undefined)
            {
                return match;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No log line matched; captured:\n" + string.Join('\n', Lines.TakeLast(30)));
            }

            await Task.Delay(20);
        }
    }
}
