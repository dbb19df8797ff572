using System.Threading.Channels;

namespace Backend.Api.Features.Auth.Delivery;

/// <summary>
/// POST password/forgot only enqueues the request and answers: the lookup, the token and audit writes and the delivery
/// all happen here afterwards, so the answer takes the same time whether or not the email is registered.
/// </summary>
internal sealed class PasswordResetQueue
{
    private readonly Channel<PasswordResetRequest> _channel = Channel.CreateBounded<PasswordResetRequest>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public bool TryEnqueue(PasswordResetRequest request) => _channel.Writer.TryWrite(request);

    public IAsyncEnumerable<PasswordResetRequest> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}
