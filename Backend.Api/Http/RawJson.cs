using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backend.Api.Http;

/// <summary>
/// A JSON value already known to be valid, such as a jsonb column read as text (<c>metadata::text</c>): serialized
/// by copying <see cref="Text"/> into the response as it is, with no parse into a document and no re-encoding.
/// The OpenAPI document describes it as any JSON value (<c>{}</c>), as it did the <see cref="JsonElement"/> it replaces.
/// </summary>
/// <param name="Text">JSON text PostgreSQL rendered (jsonb's output: <c>{"a": 1}</c>); it is not validated again.</param>
[JsonConverter(typeof(RawJsonConverter))]
internal readonly record struct RawJson(string Text);

/// <summary>Writes <see cref="RawJson"/> unvalidated; reads any JSON value into its compact text.</summary>
internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Text, skipInputValidation: true);
}
