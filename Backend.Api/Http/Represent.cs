namespace Backend.Api.Http;

/// <summary>Success answers: 200 and 201 with the version's ETag; 202 with the Location of the work to follow.</summary>
internal static class Represent
{
    public static Representation<T> Ok<T>(T body, int? version = null) => new(200, body, version is { } v ? ETags.For(v) : null);

    public static Representation<T> Created<T>(T body, string location, int? version = null) => new(201, body, version is { } v ? ETags.For(v) : null, location);

    public static Representation<T> Accepted<T>(T body, string location) => new(202, body, location: location);
}
