using System.Threading.Channels;

namespace Backend.Api.Features.Auth.Delivery;

/// <summary>
/// Reset messages are delivered in the background so POST password/forgot answers in the same time whether or not
/// the email exists (the webhook's latency would otherwise tell).
/// </summary>
internal sealed class PasswordResetQueue
{
    private readonly Channel<PasswordResetMessage> _channel = Channel.CreateBounded<PasswordResetMessage>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public bool TryEnqueue(PasswordResetMessage message) => _channel.Writer.TryWrite(message);

    public IAsyncEnumerable<PasswordResetMessage> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}
