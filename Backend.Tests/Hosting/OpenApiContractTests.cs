using System.Net;
using System.Text.Json.Nodes;
using Backend.Api.Features.Entities.Batch;
using Backend.Api.Features.Relationships.Batch;
using Backend.Tests.Infrastructure;
using Backend.Tests.Infrastructure.Contract;

namespace Backend.Tests.Hosting;

/// <summary>The document's global promises (issue: the OpenAPI document is the wire), checked on the served document.</summary>
public sealed class OpenApiContractTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private TestHost Host => fixture.Host;

    private async Task<JsonObject> DocumentAsync() =>
        JsonNode.Parse(await Host.Client.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative)))!.AsObject();

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => Methods.Where(m => p.Value![m] is JsonObject).Select(m => (p.Key, m, p.Value![m]!.AsObject())));

    [Fact]
    public async Task Generating_the_document_logs_no_error()
    {
        await DocumentAsync();

        Host.Logs.Entries.Where(e => e.GetProperty("level").GetString() is "ERROR" or "FATAL").ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_error_response_is_the_one_problem_schema()
    {
        var document = await DocumentAsync();
        var shared = document["components"]!["responses"]!.AsObject();

        foreach (var (path, method, operation) in Operations(document))
        {
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => int.Parse(r.Key) >= 400))
            {
                var resolved = response!["$ref"] is { } reference ? shared[((string)reference!).Split('/')[^1]]! : response;
                if (path == "/health/ready" && status == "503")
                {
                    continue;
                }

                ((string?)resolved["content"]?["application/problem+json"]?["schema"]?["$ref"]).ShouldBe("#/components/schemas/Problem", $"{method} {path} {status}");
                resolved["content"]!.AsObject().Count.ShouldBe(1, $"{method} {path} {status}");
            }
        }

        var problem = document["components"]!["schemas"]!["Problem"]!;
        problem["required"]!.AsArray().Select(r => (string?)r).ShouldBe(["type", "title", "status", "detail", "instance", "request_id"], ignoreOrder: true);
        document["components"]!["schemas"]!.AsObject().ContainsKey("ProblemDetails").ShouldBeFalse();
    }

    [Fact]
    public async Task Every_operation_documents_500_and_503_and_body_operations_413_and_415()
    {
        var document = await DocumentAsync();

        foreach (var (path, method, operation) in Operations(document))
        {
            var responses = operation["responses"]!.AsObject();
            responses.ContainsKey("500").ShouldBeTrue($"{method} {path}");
            responses.ContainsKey("503").ShouldBeTrue($"{method} {path}");
            if (operation["requestBody"] is not null)
            {
                responses.ContainsKey("413").ShouldBeTrue($"{method} {path}");
                responses.ContainsKey("415").ShouldBeTrue($"{method} {path}");
            }
        }
    }

    [Fact]
    public async Task Rate_limited_operations_document_429_with_retry_after()
    {
        var document = await DocumentAsync();

        foreach (var path in new[] { "/api/v1/auth/token", "/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/auth/refresh", "/api/v1/auth/password/forgot", "/api/v1/auth/password/reset", "/api/v1/auth/password/change" })
        {
            ((string?)document["paths"]![path]!["post"]!["responses"]!["429"]!["$ref"]).ShouldBe("#/components/responses/TooManyRequests", path);
        }

        document["components"]!["responses"]!["TooManyRequests"]!["headers"]!.AsObject().ContainsKey("Retry-After").ShouldBeTrue();
        document["paths"]!["/api/v1/entities"]!["get"]!["responses"]!.AsObject().ContainsKey("429").ShouldBeFalse();
    }

    [Fact]
    public async Task Request_schemas_describe_what_the_service_accepts()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();

        ((int)schemas["CreateEntitiesBatchRequest"]!["properties"]!["entities"]!["maxItems"]!).ShouldBe(CreateEntitiesBatchValidator.MaxItems);
        ((int)schemas["CreateRelationshipsBatchRequest"]!["properties"]!["relationships"]!["maxItems"]!).ShouldBe(CreateRelationshipsBatchValidator.MaxItems);
        var patch = document["paths"]!["/api/v1/entities/{id}"]!["patch"]!["requestBody"]!["content"]!["application/merge-patch+json"]!["schema"]!;
        ((string?)patch["type"]).ShouldBe("object");
        var nested = schemas["CreateEntityRelationshipRequest"]!;
        nested["required"]!.AsArray().Select(r => (string?)r).ShouldNotContain("source_entity_id");
        schemas.Select(s => s.Value!["allOf"]).OfType<JsonArray>().Where(a => a.Count > 1).ShouldBeEmpty();
        document.ToJsonString().ShouldNotContain("\"format\":\"guid\"");
        document.ToJsonString().ShouldNotContain("\\\\z");
    }

    [Fact]
    public async Task Api_keys_are_documented_in_both_header_forms_and_tags_follow_the_reading_order()
    {
        var document = await DocumentAsync();

        var schemes = document["components"]!["securitySchemes"]!;
        ((string?)schemes["ApiKey"]!["name"]).ShouldBe("X-API-Key");
        ((string?)schemes["ApiKeyAuthorization"]!["name"]).ShouldBe("Authorization");
        var security = document["paths"]!["/api/v1/entities"]!["get"]!["security"]!.AsArray().SelectMany(r => r!.AsObject().Select(s => s.Key));
        security.ShouldContain("ApiKey");
        security.ShouldContain("ApiKeyAuthorization");
        document["tags"]!.AsArray().Select(t => (string?)t!["name"]).Take(7).ShouldBe(["Auth", "Entities", "Relationships", "Graph", "Admin", "Service", "Health"]);
        ((string?)document["paths"]!["/api/v1/entities"]!["post"]!["operationId"]).ShouldBe("createEntity");
    }

    [Fact]
    public async Task ReDoc_is_served_from_the_service_over_the_same_document()
    {
        var page = await Host.Client.GetAsync(new Uri("/api/v1/redoc", UriKind.Relative));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("spec-url=\"/api/v1/openapi.json\"");
        html.ShouldContain("src=\"/api/v1/redoc/redoc.standalone.js\"");
        html.ShouldNotContain("https://");

        var script = await Host.Client.GetAsync(new Uri("/api/v1/redoc/redoc.standalone.js", UriKind.Relative));
        script.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await script.Content.ReadAsStringAsync()).Length.ShouldBeGreaterThan(500_000);
        ((string)(await DocumentAsync())["info"]!["description"]!).ShouldContain("(/api/v1/redoc)");
    }

    [Fact]
    public async Task The_contract_check_rejects_a_body_that_does_not_match_the_document()
    {
        var check = OpenApiContractCheck.Document.ShouldNotBeNull();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseAddress, "/api/v1/entities/" + Guid.NewGuid()));
        using var response = new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StringContent("""{"type":"about:blank","title":"Not Found","status":404}""", System.Text.Encoding.UTF8, "application/problem+json"),
        };

        check.Check(request, null, response, await response.Content.ReadAsStringAsync()).ShouldNotBeEmpty();

        using var teapot = new HttpResponseMessage((HttpStatusCode)418) { Content = new StringContent("") };
        check.Check(request, null, teapot, "").ShouldContain(v => v.Contains("not documented", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_schema_example_validates_against_its_schema()
    {
        var json = await Host.Client.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative));
        var document = await NSwag.OpenApiDocument.FromJsonAsync(json, null, NJsonSchema.SchemaType.OpenApi3);
        var checkedExamples = 0;

        foreach (var (name, schema) in document.Components.Schemas)
        {
            foreach (var (where, target) in new[] { (name, schema) }.Concat(schema.ActualProperties.Select(p => ($"{name}.{p.Key}", (NJsonSchema.JsonSchema)p.Value))))
            {
                if (target.Example is null)
                {
                    continue;
                }

                checkedExamples++;
                var example = Newtonsoft.Json.Linq.JToken.FromObject(target.Example).ToString(Newtonsoft.Json.Formatting.None);
                target.Validate(example, NJsonSchema.SchemaType.OpenApi3).Select(e => $"{where}: {e}").ShouldBeEmpty();
            }
        }

        checkedExamples.ShouldBeGreaterThan(10);
    }
}
