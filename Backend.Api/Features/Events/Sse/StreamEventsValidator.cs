using FastEndpoints;
using FluentValidation;

namespace Backend.Api.Features.Events.Sse;

internal sealed class StreamEventsValidator : Validator<StreamEventsRequest>
{
    public StreamEventsValidator() => RuleFor(x => x.After).GreaterThanOrEqualTo(0).WithErrorCode("range");
}
