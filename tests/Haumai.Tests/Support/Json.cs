using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Haumai.Tests.Support;

public static class Json
{
    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsync(url, JsonContent.Create(body));

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>A typical valid ticket body.</summary>
    public static object NewTicket(string? requesterEmail = null, string? category = "technical-fault", string? priority = null, string subject = "Website không truy cập được") =>
        new
        {
            subject,
            body = "Từ sáng nay khách hàng của chúng tôi báo lỗi 502 khi mở trang chủ.",
            priority,
            category,
            requester = requesterEmail is null ? null : new { email = requesterEmail, name = "Trần Văn Minh" },
        };
}
