using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Haumai.Tests.Support;
using Haumai.Web.Features.Chat;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Teams;
using Haumai.Web.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Tests.Features.Chat;

/// <summary>
/// C1-C4 through the two hubs, spoken to as the browser's SignalR client does: a visitor on an
/// allowed site chats with an agent of the widget's team, live; other sites, other visitors and
/// other teams' agents get nothing; nobody online means a message that becomes a ticket.
/// </summary>
public abstract class ChatHubTests(HaumaiFactory app)
{
    private const string Site = "https://www.khachhang-demo.vn";

    private sealed record Setup(TestUser Admin, TestUser Agent, int TeamId, string WidgetKey);

    private async Task<Setup> SetupAsync(bool requireContact = true)
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var agent = await app.CreateUserAsync(Role.Agent, name: "Nguyễn Thị Lan");
        var team = await app.CreateTeamAsync(AssignmentMode.Manual, agent.Id);
        var created = await admin.Client.PostAsJsonAsync("/api/v1/chat/widgets", new
        {
            name = "Website bán hàng",
            teamId = team,
            allowedOrigins = new[] { Site, "http://localhost:5173" },
            requireContact,
            color = "#c2185b",
            greetingVi = "Xin chào! Chúng tôi có thể giúp gì?",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return new Setup(admin, agent, team, (string)(await created.ReadJsonAsync())["key"]!);
    }

    private Task<SignalRClient> VisitorAsync(string widget, string? token = null, string? origin = Site) =>
        SignalRClient.ConnectAsync(app, $"/hubs/chat?widget={widget}" + (token is null ? "" : $"&visitor={Uri.EscapeDataString(token)}"), origin: origin);

    private Task<SignalRClient> ConsoleAsync(TestUser agent) => SignalRClient.ConnectAsync(app, "/hubs/chat-agent", bearer: agent.Token);

    private static async Task<(string Token, long Id)> StartAsync(SignalRClient visitor, string name = "Phạm Minh", string email = "minh@khachhang-demo.vn")
    {
        var started = (await visitor.InvokeAsync("Start", new { name, email, pageUrl = Site + "/bang-gia", language = "vi" }))!;
        return ((string)started["token"]!, (long)started["conversationId"]!);
    }

    [Fact]
    public async Task A_visitor_and_an_online_agent_chat_live_and_a_reload_keeps_the_conversation()
    {
        var s = await SetupAsync();
        await using var console = await ConsoleAsync(s.Agent);
        ((string)(await console.InvokeAsync("SetPresence", "online", null))!["presence"]!).ShouldBe("online");

        await using var visitor = await VisitorAsync(s.WidgetKey);
        var hello = (await visitor.InvokeAsync("Hello", "vi"))!;
        ((bool)hello["availability"]!["open"]!).ShouldBeTrue();
        ((string)hello["widget"]!["color"]!).ShouldBe("#c2185b");
        hello["conversation"].ShouldBeNull();
        var (token, id) = await StartAsync(visitor);
        var sent = (await visitor.InvokeAsync("Send", "c-1", "Cho tôi hỏi giá gói hosting doanh nghiệp?"))!;
        var firstId = (long)sent["id"]!;

        // Routed to the only online agent of the team, who opens it and answers.
        ((long)(await console.NextAsync("chatAssigned"))["conversationId"]!).ShouldBe(id);
        var opened = (await console.InvokeAsync("Open", id))!;
        opened["messages"]!.AsArray().Select(m => (string)m!["body"]!).ShouldContain("Cho tôi hỏi giá gói hosting doanh nghiệp?");
        ((string)opened["chat"]!["assigneeName"]!).ShouldBe("Nguyễn Thị Lan");
        ((string)(await visitor.NextAsync("agent"))["name"]!).ShouldBe("Nguyễn Thị Lan");

        await visitor.InvokeAsync("Typing", true);
        ((bool)(await console.NextAsync("typing"))["typing"]!).ShouldBeTrue();
        await console.InvokeAsync("Send", id, "a-1", "Chào anh Minh, gói doanh nghiệp là 2.400.000 ₫/năm.");
        var answer = await visitor.NextAsync("message", m => (string)m["sender"]! == "agent");
        ((string)answer["body"]!).ShouldBe("Chào anh Minh, gói doanh nghiệp là 2.400.000 ₫/năm.");
        ((string)answer["authorName"]!).ShouldBe("Nguyễn Thị Lan");

        // A resend of the same client id after a lost answer is the same message, not a second one.
        ((long)(await visitor.InvokeAsync("Send", "c-1", "Cho tôi hỏi giá gói hosting doanh nghiệp?"))!["id"]!).ShouldBe(firstId);

        // The page reloads: a new connection with the token has the whole conversation.
        await using var reloaded = await VisitorAsync(s.WidgetKey, token);
        var again = (await reloaded.InvokeAsync("Hello", "vi"))!["conversation"]!;
        ((long)again["id"]!).ShouldBe(id);
        var bodies = again["messages"]!.AsArray().Where(m => (string)m!["sender"]! != "system").Select(m => (string)m!["body"]!).ToList();
        bodies.ShouldBe(["Cho tôi hỏi giá gói hosting doanh nghiệp?", "Chào anh Minh, gói doanh nghiệp là 2.400.000 ₫/năm."]);
        (await app.WithDbAsync(db => db.Set<ChatMessage>().CountAsync(m => m.ConversationId == id && m.Sender == ChatSender.Visitor))).ShouldBe(1);
    }

    [Fact]
    public async Task Other_sites_unknown_widgets_and_missing_origins_are_refused()
    {
        var s = await SetupAsync();
        // The hub closes such connections as soon as it has read who they are.
        await Should.ThrowAsync<InvalidOperationException>(() => VisitorAsync(s.WidgetKey, origin: "https://evil.example"));
        await Should.ThrowAsync<InvalidOperationException>(() => VisitorAsync(s.WidgetKey, origin: null));
        await Should.ThrowAsync<InvalidOperationException>(() => VisitorAsync("w_khongtontai"));
        await using (var welcome = await VisitorAsync(s.WidgetKey, origin: "http://localhost:5173"))
        {
            (await welcome.InvokeAsync("Hello", "vi")).ShouldNotBeNull("the widget's second origin is as good as its first");
        }

        // The negotiation answers CORS for the widgets' origins only.
        using var allowed = new HttpRequestMessage(HttpMethod.Post, $"/hubs/chat/negotiate?widget={s.WidgetKey}&negotiateVersion=1");
        allowed.Headers.Add("Origin", Site);
        var yes = await app.CreateClient().SendAsync(allowed);
        yes.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe(Site);
        using var refused = new HttpRequestMessage(HttpMethod.Post, $"/hubs/chat/negotiate?widget={s.WidgetKey}&negotiateVersion=1");
        refused.Headers.Add("Origin", "https://evil.example");
        (await app.CreateClient().SendAsync(refused)).Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task A_visitor_reads_and_writes_only_their_own_conversation()
    {
        var s = await SetupAsync();
        await using var console = await ConsoleAsync(s.Agent);
        await console.InvokeAsync("SetPresence", "online", null);
        await using var first = await VisitorAsync(s.WidgetKey);
        var (firstToken, firstId) = await StartAsync(first, "Khách A", "a@khachhang-demo.vn");
        await first.InvokeAsync("Send", "a-1", "Thông tin riêng của khách A");

        await using var second = await VisitorAsync(s.WidgetKey);
        (await second.InvokeAsync("Hello", "vi"))!["conversation"].ShouldBeNull();
        (await Should.ThrowAsync<SignalRClient.HubError>(() => second.InvokeAsync("Send", "b-1", "Xin chào"))).Message.ShouldContain("no-chat");
        await StartAsync(second, "Khách B", "b@khachhang-demo.vn");
        await second.InvokeAsync("Send", "b-1", "Tôi là B");
        (await second.InvokeAsync("Hello", "vi"))!["conversation"]!["messages"]!.AsArray()
            .ShouldNotContain(m => ((string)m!["body"]!).Contains("khách A"));
        await first.InvokeAsync("Send", "a-2", "Tin thứ hai của A");
        (await second.ReceivedAsync("message", TimeSpan.FromMilliseconds(300), m => ((string)m["body"]!).Contains(" A"))).ShouldBeFalse("B hears its own messages only");

        // A made-up token opens nothing; A's token on another widget opens nothing either.
        await using (var guesser = await VisitorAsync(s.WidgetKey, "khong-phai-token-that"))
        {
            (await guesser.InvokeAsync("Hello", "vi"))!["conversation"].ShouldBeNull();
        }
        var other = await SetupAsync();
        await using (var elsewhere = await VisitorAsync(other.WidgetKey, firstToken))
        {
            (await elsewhere.InvokeAsync("Hello", "vi"))!["conversation"].ShouldBeNull();
        }
        // Nor may an agent of another team open it.
        await using var outsider = await ConsoleAsync(other.Agent);
        (await Should.ThrowAsync<SignalRClient.HubError>(() => outsider.InvokeAsync("Open", firstId))).Message.ShouldContain("not-found");
        (await Should.ThrowAsync<SignalRClient.HubError>(() => outsider.InvokeAsync("Send", firstId, "x-1", "Chen ngang"))).Message.ShouldContain("not-found");
    }

    [Fact]
    public async Task Contact_details_sizes_rates_and_blocks_are_enforced()
    {
        var s = await SetupAsync();
        await using var visitor = await VisitorAsync(s.WidgetKey);
        (await Should.ThrowAsync<SignalRClient.HubError>(() => visitor.InvokeAsync("Start", new { name = "Ẩn danh" }))).Message.ShouldContain("contact-required");
        (await Should.ThrowAsync<SignalRClient.HubError>(() => visitor.InvokeAsync("Start", new { name = "X", email = "khong-phai-email" }))).Message.ShouldContain("bad-email");
        await StartAsync(visitor, "Spam", "spam@khachhang-demo.vn");
        (await Should.ThrowAsync<SignalRClient.HubError>(() => visitor.InvokeAsync("Send", "big", new string('a', 2001)))).Message.ShouldContain("too-long");
        (await Should.ThrowAsync<SignalRClient.HubError>(() => visitor.InvokeAsync("Send", "empty", "   "))).Message.ShouldContain("empty");
        for (var i = 0; i < 20; i++)
        {
            await visitor.InvokeAsync("Send", $"m-{i}", $"tin {i}");
        }
        (await Should.ThrowAsync<SignalRClient.HubError>(() => visitor.InvokeAsync("Send", "m-21", "một tin nữa"))).Message.ShouldContain("rate-limited");

        await app.WithDbAsync(async db =>
        {
            db.Set<ChatBlock>().Add(new ChatBlock(null, "chan@khachhang-demo.vn", "Quấy rối", s.Admin.Id, app.Clock.GetUtcNow().UtcDateTime));
            return await db.SaveChangesAsync();
        });
        await using var blocked = await VisitorAsync(s.WidgetKey);
        (await Should.ThrowAsync<SignalRClient.HubError>(() => blocked.InvokeAsync("Start", new { name = "Bị chặn", email = "CHAN@khachhang-demo.vn" }))).Message.ShouldContain("blocked");
    }

    [Fact]
    public async Task With_nobody_online_the_widget_says_so_and_a_message_becomes_a_chat_ticket_for_the_team()
    {
        var s = await SetupAsync();
        await using var visitor = await VisitorAsync(s.WidgetKey);
        var availability = (await visitor.InvokeAsync("Hello", "en"))!["availability"]!;
        ((bool)availability["open"]!).ShouldBeFalse();
        ((int)availability["agentsOnline"]!).ShouldBe(0);

        var number = (string)(await visitor.InvokeAsync("LeaveMessage", new
        {
            name = "Đỗ Thu Hà",
            email = "ha.do@khachhang-demo.vn",
            phone = "0903 123 456",
            message = "Tôi cần gia hạn tên miền trước thứ Sáu.\nMã khách hàng KH-2211.",
        }))!;

        var ticket = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Include(t => t.Messages).SingleAsync(t => t.Id == long.Parse(number.TrimStart('#'))));
        ticket.Channel.ShouldBe(Channel.Chat);
        ticket.TeamId.ShouldBe(s.TeamId);
        ticket.Subject.ShouldBe("Tôi cần gia hạn tên miền trước thứ Sáu.");
        ticket.Messages.Single().Body.ShouldContain("0903 123 456");
        (await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == ticket.RequesterId))).Email.ShouldBe("ha.do@khachhang-demo.vn");
        (await Should.ThrowAsync<SignalRClient.HubError>(() => visitor.InvokeAsync("LeaveMessage", new { name = "Không email", message = "Gọi lại cho tôi" })))
            .Message.ShouldContain("email-required");
    }

    [Fact]
    public async Task An_agent_transfers_a_chat_to_another_team_and_turns_a_chat_into_a_ticket_with_its_transcript()
    {
        var s = await SetupAsync();
        var sales = await app.CreateUserAsync(Role.Agent, name: "Trần Bán Hàng");
        var salesTeam = await app.CreateTeamAsync(AssignmentMode.Manual, sales.Id);
        await using var console = await ConsoleAsync(s.Agent);
        await console.InvokeAsync("SetPresence", "online", null);
        await using var salesConsole = await ConsoleAsync(sales);
        await salesConsole.InvokeAsync("SetPresence", "online", null);
        await using var visitor = await VisitorAsync(s.WidgetKey);
        var (_, id) = await StartAsync(visitor);
        await visitor.InvokeAsync("Send", "c-1", "Tôi muốn mua thêm 5 tài khoản email.");
        await console.NextAsync("chatAssigned");

        await console.InvokeAsync("Transfer", id, null, salesTeam);

        ((long)(await salesConsole.NextAsync("chatAssigned"))["conversationId"]!).ShouldBe(id, "the sales team's online agent gets it");
        (await visitor.NextAsync("agent", a => (string)a["name"]! == "Trần Bán Hàng")).ShouldNotBeNull();
        (await Should.ThrowAsync<SignalRClient.HubError>(() => console.InvokeAsync("Open", id))).Message.ShouldContain("not-found", Case.Insensitive,
            "it left Lan's team");
        await salesConsole.InvokeAsync("Open", id);
        await salesConsole.InvokeAsync("Send", id, "s-1", "Dạ, em gửi báo giá qua email cho anh ạ.");

        var ticketId = (long)(await salesConsole.InvokeAsync("ToTicket", id))!;
        ((long)(await salesConsole.InvokeAsync("ToTicket", id))!).ShouldBe(ticketId, "once");
        var ticket = await app.WithDbAsync(db => db.Tickets.AsNoTracking().Include(t => t.Messages).SingleAsync(t => t.Id == ticketId));
        ticket.Channel.ShouldBe(Channel.Chat);
        ticket.TeamId.ShouldBe(salesTeam);
        ticket.AssigneeId.ShouldBe(sales.Id);
        var transcript = ticket.Messages.Single().Body;
        transcript.ShouldContain("Phạm Minh: Tôi muốn mua thêm 5 tài khoản email.");
        transcript.ShouldContain("Trần Bán Hàng: Dạ, em gửi báo giá qua email cho anh ạ.");
    }

    [Fact]
    public async Task The_widget_script_with_its_SignalR_client_is_served_compressed_in_under_30_KB()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/chat/widget.js");
        request.Headers.Add("Accept-Encoding", "br, gzip");
        var response = await app.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        response.Content.Headers.ContentEncoding.ShouldHaveSingleItem().ShouldBeOneOf("br", "gzip");
        (await response.Content.ReadAsByteArrayAsync()).Length.ShouldBeLessThanOrEqualTo(30 * 1024);
        response.Headers.CacheControl!.MaxAge.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_customer_signed_in_to_the_portal_is_recognised_and_a_typed_email_is_not_taken_for_an_account()
    {
        var s = await SetupAsync();
        var org = await app.CreateOrganizationAsync();
        var customer = await app.CreateUserAsync(Role.Customer, org.Slug);
        await using var console = await ConsoleAsync(s.Agent);
        await console.InvokeAsync("SetPresence", "online", null);

        // The widget on Haumai's own pages: the portal's sign-in comes with the connection.
        await using var signedIn = await SignalRClient.ConnectAsync(app, $"/hubs/chat?widget={s.WidgetKey}", bearer: customer.Token, origin: Site);
        var id = (long)(await signedIn.InvokeAsync("Start", new { }))!["conversationId"]!;
        await signedIn.InvokeAsync("Send", "c-1", "Tôi là khách đã đăng nhập");
        var context = (await console.InvokeAsync("Open", id))!["customer"]!;
        ((int)context["userId"]!).ShouldBe(customer.Id);
        ((string)context["organization"]!).ShouldBe(org.Name);

        // Someone typing that customer's email into the form is a visitor, not that customer.
        await using var impostor = await VisitorAsync(s.WidgetKey);
        var other = (long)(await impostor.InvokeAsync("Start", new { name = "Giả danh", email = customer.Email }))!["conversationId"]!;
        await impostor.InvokeAsync("Send", "i-1", "Cho tôi xem các yêu cầu của tôi");
        (await console.InvokeAsync("Open", other))!["customer"]!["userId"].ShouldBeNull();
    }
}

[Collection("sqlite")]
public sealed class SqliteChatHubTests(SqliteApp app) : ChatHubTests(app);

[Collection("postgres")]
public sealed class PostgresChatHubTests(PostgresApp app) : ChatHubTests(app);
