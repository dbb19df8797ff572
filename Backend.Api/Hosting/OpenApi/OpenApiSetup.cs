using System.Text.Json.Nodes;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using NJsonSchema.Generation.TypeMappers;
using FastEndpoints.Swagger;
using NSwag.Generation;

namespace Backend.Api.Hosting.OpenApi;

/// <summary>
/// The OpenAPI document at <see cref="OpenApiPath"/> (NSwag generation, then <see cref="OpenApiContract"/>), Swagger UI
/// at <see cref="DocsPath"/> and ReDoc at <see cref="ReDocPath"/>, both reading that one document.
/// </summary>
internal static class OpenApiSetup
{
    public const string OpenApiPath = "/api/v1/openapi.json";
    public const string DocsPath = "/api/v1/docs";
    public const string ReDocPath = "/api/v1/redoc";
    private const string DocumentName = "v1";
    private const string ReDocScript = "redoc.standalone.js";

    public static IServiceCollection AddBackendOpenApi(this IServiceCollection services)
    {
        services.SwaggerDocument(document =>
        {
            document.ShortSchemaNames = true;
            // Tags come from the slice groups; OpenApiContract tags the rest by their first path segment.
            document.AutoTagPathSegmentIndex = 0;
            document.DocumentSettings = s =>
            {
                s.DocumentName = DocumentName;
                s.Title = "Backend API";
                s.Version = "v1";
                // Stored JSON written through as it is (RawJson) is any JSON value, as JsonElement was: an empty schema.
                s.SchemaSettings.TypeMappers.Add(new PrimitiveTypeMapper(typeof(RawJson), _ => { }));
                s.Description = "Accounts, authentication and the knowledge graph. Success bodies are {data, meta, errors}; "
                    + "every error is RFC 9457 application/problem+json (schema Problem).\n\n"
                    + $"Reference documentation: [ReDoc]({ReDocPath}) · [Swagger UI]({DocsPath}/index.html) · [OpenAPI document]({OpenApiPath}).";
                // Swagger UI's Authorize: the OAuth2 password flow against POST /api/v1/auth/token (form username/password).
                s.AddAuth("OAuth2Password", new NSwag.OpenApiSecurityScheme
                {
                    Type = NSwag.OpenApiSecuritySchemeType.OAuth2,
                    Description = "Log in with email (as username) and password.",
                    Flows = new NSwag.OpenApiOAuthFlows { Password = new NSwag.OpenApiOAuthFlow { TokenUrl = "/api/v1/auth/token", Scopes = new Dictionary<string, string>() } },
                });
                // Service API keys (created under /api/v1/admin/api-keys); OpenApiContract adds the Authorization: ApiKey form.
                s.AddAuth(ApiKeys.Scheme, new NSwag.OpenApiSecurityScheme
                {
                    Type = NSwag.OpenApiSecuritySchemeType.ApiKey,
                    Name = ApiKeys.Header,
                    In = NSwag.OpenApiSecurityApiKeyLocation.Header,
                    Description = "A service API key (bk_<prefix>_<secret>) in the X-API-Key header.",
                });
            };
        });
        return services;
    }

    public static void UseBackendOpenApi(this WebApplication app)
    {
        var routes = (IEndpointRouteBuilder)app;
        var document = new Lazy<Task<JsonObject>>(async () =>
        {
            var generated = await app.Services.GetRequiredService<IOpenApiDocumentGenerator>().GenerateAsync(DocumentName);
            var json = JsonNode.Parse(generated.ToJson())!.AsObject();
            var operations = OpenApiOperationInfo.Index(routes.DataSources.SelectMany(d => d.Endpoints));
            return OpenApiContract.Apply(json, operations);
        }, LazyThreadSafetyMode.ExecutionAndPublication);

        app.MapGet(OpenApiPath, async (HttpContext context) =>
        {
            var served = (await document.Value).DeepClone().AsObject();
            served["servers"] = new JsonArray(new JsonObject { ["url"] = $"{context.Request.Scheme}://{context.Request.Host}" });
            return Results.Text(served.ToJsonString(), "application/json; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapGet(ReDocPath, () => Results.Content(ReDocPage, "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(ReDocPath + "/" + ReDocScript, () =>
        {
            var stream = typeof(OpenApiSetup).Assembly.GetManifestResourceStream("Backend.Api." + ReDocScript)!;
            return Results.Stream(stream, "text/javascript; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();

        // Swagger UI's redirect, index and static-file middlewares only see requests under its path, not every API call.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(DocsPath), docs => docs.UseSwaggerUi(o =>
        {
            o.Path = DocsPath;
            o.DocumentPath = OpenApiPath;
        }));
    }

    private const string ReDocPage = $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Backend API reference</title>
          <style>body { margin: 0; padding: 0; }</style>
        </head>
        <body>
          <redoc spec-url="{{OpenApiPath}}"></redoc>
          <script src="{{ReDocPath}}/{{ReDocScript}}"></script>
        </body>
        </html>
        """;
}
