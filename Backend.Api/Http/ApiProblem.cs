using System.Text.Json.Serialization;

namespace Backend.Api.Http;

/// <summary>RFC 9457 problem details: the one error shape of the service.</summary>
internal sealed record ApiProblem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Instance,
    string RequestId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FieldError>? Errors = null);

/// <summary>One invalid field: its snake_case path, the rule it broke and a readable message.</summary>
internal sealed record FieldError(string Field, string Rule, string Message);
