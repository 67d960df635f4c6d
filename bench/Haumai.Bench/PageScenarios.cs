using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Haumai.Bench;

/// <summary>
/// Issue 3's page targets: the server render of the agent's queue page (50 rows) and of a ticket
/// page with 100 messages, over the generated data set (≤ 30 ms p95 each); and the weight of the
/// scripts and styles a first visit loads, as sent compressed (≤ 150 KB).
/// Pages accept the same bearer tokens as the API (the staff policy takes either), so no cookie
/// dance is needed; the HTML is the same one a signed-in agent gets.
/// </summary>
public static partial class PageScenarios
{
    public delegate Task<ScenarioResult> Runner(string name, int clients, double seconds,
        Func<Random, CancellationToken, Task<string?>> request, CancellationToken ct);

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(LoadOptions options, HttpClient admin, HttpClient? agent,
        Runner run, CancellationToken ct)
    {
        var results = new List<ScenarioResult>();
        var ticketId = await TicketWithMessagesAsync(admin, 100, ct);
        var pages = new List<(string Name, HttpClient Client, string Url)>
        {
            ("page queue admin (all, 50 rows)", admin, "/agent?view=all"),
            ("page ticket with 100 messages", admin, $"/agent/tickets/{ticketId}"),
        };
        if (agent is not null)
        {
            pages.Insert(1, ("page queue agent (team)", agent, "/agent?view=team"));
        }
        foreach (var (name, client, url) in pages)
        {
            var rows = RowCount(await client.GetStringAsync(url, ct));
            Console.WriteLine($"  {url}: {rows} queue rows in the HTML");
            foreach (var clients in new[] { 1, options.Clients })
            {
                results.Add(await run($"{name}", clients, options.QueueSeconds, (_, c) => LoadTest.GetAsync(client, url, c), ct));
            }
        }
        await ReportAssetWeightAsync(options.Url, admin, "/agent?view=all", ct);
        return results;
    }

    /// <summary>A ticket with a long conversation: one description and <paramref name="messages"/> - 1 replies and notes.</summary>
    private static async Task<long> TicketWithMessagesAsync(HttpClient admin, int messages, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            subject = "Máy chủ thư chậm sau khi chuyển hosting (trang có 100 tin nhắn)",
            body = Vietnamese.Bodies[0],
            category = "technical-fault",
            requester = new { email = "bench.100@gmail.com", name = "Lê Thị Hoa" },
        }, ct);
        created.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct));
        var id = json.RootElement.GetProperty("id").GetInt64();
        for (var i = 1; i < messages; i++)
        {
            using var reply = await admin.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new
            {
                body = Vietnamese.Bodies[i % Vietnamese.Bodies.Length] + $" (tin nhắn {i + 1})",
                @internal = i % 7 == 0,
            }, ct);
            reply.EnsureSuccessStatusCode();
        }
        Console.WriteLine($"  ticket {id} with {messages} messages made in {clock.Elapsed.TotalSeconds:F1} s");
        return id;
    }

    /// <summary>Fetches every script and stylesheet the page names, asking for brotli or gzip as browsers do, and adds up the bytes sent.</summary>
    private static async Task ReportAssetWeightAsync(Uri baseUrl, HttpClient admin, string url, CancellationToken ct)
    {
        var html = await admin.GetStringAsync(url, ct);
        using var raw = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = baseUrl };
        long total = 0, uncompressed = 0;
        foreach (var asset in AssetReference().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value)).Distinct())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
            using var response = await raw.SendAsync(request, ct);
            var bytes = (await response.Content.ReadAsByteArrayAsync(ct)).LongLength;
            using var plain = await raw.GetAsync(asset, ct);
            var plainBytes = (await plain.Content.ReadAsByteArrayAsync(ct)).LongLength;
            total += bytes;
            uncompressed += plainBytes;
            Console.WriteLine($"    {(int)response.StatusCode} {asset,-60} {bytes / 1024.0,7:F1} KB sent ({string.Join(",", response.Content.Headers.ContentEncoding)}) of {plainBytes / 1024.0,7:F1} KB");
        }
        Console.WriteLine($"  scripts and styles on first load: {total / 1024.0:F1} KB compressed ({uncompressed / 1024.0:F1} KB uncompressed); target ≤ 150 KB");
    }

    private static int RowCount(string html) => QueueRow().Matches(html).Count;

    [GeneratedRegex("""<(?:script[^>]+src|link[^>]+href)="(?<url>/(?:lib|css|js)/[^"]+)""")]
    private static partial Regex AssetReference();

    [GeneratedRegex("""<tr[^>]*data-ticket-number=""")]
    private static partial Regex QueueRow();
}
