using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Teams;

namespace Haumai.Tests.Pages.Agent;

/// <summary>
/// The live queue's hub <c>/hubs/queue</c>, spoken to as the browser's SignalR client does: a raw
/// WebSocket through the test server, the JSON hub protocol's handshake, then invocation frames.
/// (The SignalR .NET client is not in the package mirror; the protocol is small and documented.)
/// Tickets are changed through the API of the same host, so the push goes through the real
/// notifier in the real ticket handlers.
/// </summary>
public abstract class QueueHubTests(HaumaiFactory app)
{
    [Fact]
    public async Task An_agent_of_the_team_hears_of_a_new_ticket_a_customer_opens_through_the_api_and_an_agent_of_another_team_does_not()
    {
        var lan = await app.CreateUserAsync(Role.Agent, name: "Nguyễn Thị Lan");
        var binh = await app.CreateUserAsync(Role.Agent, name: "Trần Văn Bình");
        var lansTeam = await app.CreateTeamAsync(AssignmentMode.Manual, lan.Id);
        var binhsTeam = await app.CreateTeamAsync(AssignmentMode.Manual, binh.Id);
        var lansCategory = await app.CategoryForAsync(lansTeam);
        var binhsCategory = await app.CategoryForAsync(binhsTeam);
        var customer = await app.CreateUserAsync(Role.Customer);
        await using var lanQueue = await HubClient.ConnectAsync(app, lan.Token);
        await using var binhQueue = await HubClient.ConnectAsync(app, binh.Token);

        var forLan = await OpenAsync(customer, lansCategory, "Mất kết nối Internet cả văn phòng");

        var change = await lanQueue.NextChangeAsync();
        ((long)change["ticketId"]!).ShouldBe(forLan);
        ((int)change["teamId"]!).ShouldBe(lansTeam);
        ((string)change["kind"]!).ShouldBe("created");

        // Bình's first news is of his own team's ticket: he never heard of Lan's.
        var forBinh = await OpenAsync(customer, binhsCategory, "Cần báo giá gói hosting");
        ((long)(await binhQueue.NextChangeAsync())["ticketId"]!).ShouldBe(forBinh);
    }

    [Fact]
    public async Task Replies_and_changes_are_pushed_and_a_ticket_that_leaves_a_team_is_pushed_to_that_team_too()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var lan = await app.CreateUserAsync(Role.Agent);
        var lansTeam = await app.CreateTeamAsync(AssignmentMode.Manual, lan.Id);
        var otherTeam = await app.CreateTeamAsync();
        var customer = await app.CreateUserAsync(Role.Customer);
        var id = await OpenAsync(customer, await app.CategoryForAsync(lansTeam), "Máy chủ chạy chậm");
        await using var lanQueue = await HubClient.ConnectAsync(app, lan.Token);
        await using var adminQueue = await HubClient.ConnectAsync(app, admin.Token);

        (await customer.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Vẫn còn chậm ạ" })).EnsureSuccessStatusCode();
        var message = await lanQueue.NextChangeAsync();
        ((long)message["ticketId"]!).ShouldBe(id);
        ((string)message["kind"]!).ShouldBe("message");

        // Moved to another team: Lan's queue is told, so the row can leave it; admins hear of everything.
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { teamId = otherTeam })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var moved = await lanQueue.NextChangeAsync();
        ((long)moved["ticketId"]!).ShouldBe(id);
        ((int)moved["teamId"]!).ShouldBe(otherTeam);
        ((string)moved["kind"]!).ShouldBe("updated");
        ((long)(await adminQueue.NextChangeAsync())["ticketId"]!).ShouldBe(id); // the reply
        ((int)(await adminQueue.NextChangeAsync())["teamId"]!).ShouldBe(otherTeam);
    }

    [Fact]
    public async Task Customers_and_anonymous_callers_cannot_listen_to_the_queue()
    {
        var customer = await app.CreateUserAsync(Role.Customer);

        await Should.ThrowAsync<Exception>(() => HubClient.ConnectAsync(app, customer.Token));
        await Should.ThrowAsync<Exception>(() => HubClient.ConnectAsync(app, null));
        // Refused as a page refuses a customer (sent to sign in): never a connection id.
        var negotiate = await customer.Client.PostAsync("/hubs/queue/negotiate?negotiateVersion=1", null);
        ((int)negotiate.StatusCode).ShouldBeOneOf(302, 403);
        (await negotiate.Content.ReadAsStringAsync()).ShouldNotContain("connectionId");
    }

    private static async Task<long> OpenAsync(TestUser customer, string category, string subject)
    {
        var response = await customer.Client.PostAsJsonAsync("/api/v1/tickets", new { subject, body = "Nhờ bên anh chị kiểm tra giúp.", category });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (long)(await response.ReadJsonAsync())["id"]!;
    }

    /// <summary>A SignalR client reduced to what the queue page does: connect, shake hands, listen.</summary>
    private sealed class HubClient : IAsyncDisposable
    {
        private const char RecordSeparator = '\u001e';
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
        private readonly WebSocket _socket;
        private readonly Queue<string> _records = new();
        private readonly StringBuilder _partial = new();
        private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();

        private HubClient(WebSocket socket) => _socket = socket;

        public static async Task<HubClient> ConnectAsync(HaumaiFactory app, string? token)
        {
            var ws = app.Server.CreateWebSocketClient();
            if (token is not null)
            {
                ws.ConfigureRequest = request => request.Headers.Authorization = "Bearer " + token;
            }
            using var timeout = new CancellationTokenSource(Patience);
            var socket = await ws.ConnectAsync(new Uri("ws://localhost/hubs/queue"), timeout.Token);
            var client = new HubClient(socket);
            await client.SendAsync("{\"protocol\":\"json\",\"version\":1}");
            var handshake = JsonNode.Parse(await client.ReceiveAsync())!.AsObject();
            handshake.ContainsKey("error").ShouldBeFalse(handshake.ToJsonString());
            // The hub joins its groups after the handshake and before it reads the first message:
            // an answer to an invocation means the connection is in its groups.
            await client.SendAsync("{\"type\":1,\"invocationId\":\"ready\",\"target\":\"NoSuchMethod\",\"arguments\":[]}");
            while (true)
            {
                var frame = JsonNode.Parse(await client.ReceiveAsync())!;
                if ((int)frame["type"]! == 3 && (string?)frame["invocationId"] == "ready")
                {
                    return client;
                }
            }
        }

        /// <summary>The next queue change pushed to this connection (pings skipped).</summary>
        public async Task<JsonNode> NextChangeAsync()
        {
            while (true)
            {
                var frame = JsonNode.Parse(await ReceiveAsync())!;
                if ((int)frame["type"]! == 1 && (string?)frame["target"] == "queueChanged")
                {
                    return frame["arguments"]!.AsArray().ShouldHaveSingleItem()!;
                }
            }
        }

        private async Task SendAsync(string record)
        {
            using var timeout = new CancellationTokenSource(Patience);
            await _socket.SendAsync(Encoding.UTF8.GetBytes(record + RecordSeparator), WebSocketMessageType.Text, true, timeout.Token);
        }

        private async Task<string> ReceiveAsync()
        {
            using var timeout = new CancellationTokenSource(Patience);
            var buffer = new byte[8192];
            while (_records.Count == 0)
            {
                var result = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException("The hub closed the connection.");
                }
                var chars = new char[Encoding.UTF8.GetMaxCharCount(result.Count)];
                _partial.Append(chars, 0, _utf8.GetChars(buffer, 0, result.Count, chars, 0));
                var text = _partial.ToString();
                var last = text.LastIndexOf(RecordSeparator);
                if (last >= 0)
                {
                    foreach (var record in text[..last].Split(RecordSeparator))
                    {
                        _records.Enqueue(record);
                    }
                    _partial.Clear().Append(text[(last + 1)..]);
                }
            }
            return _records.Dequeue();
        }

        public async ValueTask DisposeAsync()
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException)
                {
                }
            }
            _socket.Dispose();
        }
    }
}

[Collection("sqlite")]
public sealed class SqliteQueueHubTests(SqliteApp app) : QueueHubTests(app);

[Collection("postgres")]
public sealed class PostgresQueueHubTests(PostgresApp app) : QueueHubTests(app);
