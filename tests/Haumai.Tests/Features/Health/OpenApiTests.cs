using System.Net;
using System.Text.Json;
using Haumai.Tests.Support;

namespace Haumai.Tests.Features.Health;

/// <summary>The OpenAPI document that API clients are generated from.</summary>
[Collection("sqlite")]
public sealed class OpenApiTests(SqliteApp app)
{
    [Fact]
    public async Task The_document_is_valid_JSON_and_describes_the_ticket_API()
    {
        var response = await app.CreateClient().GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        root.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        var paths = root.GetProperty("paths");

        string[] Operations(string path) =>
            paths.TryGetProperty(path, out var item)
                ? item.EnumerateObject().Select(p => p.Name).Where(n => n is "get" or "post" or "put" or "patch" or "delete").ToArray()
                : [];

        Operations("/api/v1/tickets").ShouldBe(["post", "get"], ignoreOrder: true);
        Operations("/api/v1/tickets/{id}").ShouldBe(["get", "patch"], ignoreOrder: true);
        Operations("/api/v1/tickets/{id}/messages").ShouldContain("post");

        var create = paths.GetProperty("/api/v1/tickets").GetProperty("post");
        create.GetProperty("operationId").GetString().ShouldBe("CreateTicket");
        create.TryGetProperty("requestBody", out _).ShouldBeTrue("POST /api/v1/tickets documents its body");
        create.GetProperty("responses").TryGetProperty("201", out _).ShouldBeTrue("POST /api/v1/tickets documents its 201");
        paths.GetProperty("/api/v1/tickets/{id}").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()).ShouldContain("id");
    }
}
