using RabbitMQ.Client;

namespace Backend.Api.Features.Events.Relay;

/// <summary>
/// The platform's event exchanges, declared by this service (idempotent): the durable topic exchange <c>kgl.events</c>
/// (routing key = event type) and the dead-letter exchange <c>kgl.events.dlq</c> with a durable queue of the same name
/// that keeps what consumers reject. Consumers bind their own queues to kgl.events with
/// <c>x-dead-letter-exchange: kgl.events.dlq</c>.
/// </summary>
internal static class EventTopology
{
    public const string Exchange = "kgl.events";
    public const string DeadLetterExchange = "kgl.events.dlq";
    public const string DeadLetterQueue = "kgl.events.dlq";

    public static async Task DeclareAsync(IChannel channel, CancellationToken ct)
    {
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, arguments: null, cancellationToken: ct);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, "#", cancellationToken: ct);
    }
}
