using FastEndpoints;

namespace Backend.Api.Features.Events;

/// <summary>Route prefix and tag of the live-update endpoints.</summary>
internal sealed class EventsGroup : Group
{
    public EventsGroup() => Configure("events", endpoint => endpoint.Description(b => b.WithTags("Events")));
}
