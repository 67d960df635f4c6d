using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Haumai.BrowserTests.Support;
using Haumai.Web.Features.Chat;
using Haumai.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.BrowserTests.Chat;

/// <summary>
/// C2 in a real browser under the real Content-Security-Policy: an agent goes online in the
/// console, a visitor's chat is routed to her and opens by itself, what the visitor typed is shown
/// as text (markup in it stays letters), she sees "typing…", answers with Enter and sees "sent"
/// then "seen", makes a ticket of the chat and ends it. The visitor here is a bare SignalR client
/// in a page of an allowed origin (the widget is another piece of work and has its own test).
/// </summary>
public sealed class ChatConsoleTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_online_agent_gets_a_visitor_s_chat_answers_it_live_and_turns_it_into_a_ticket()
    {
        var admin = await app.CreateStaffAsync(Role.Admin);
        var lan = await app.CreateStaffAsync(Role.Agent, "Nguyễn Thị Lan");
        var team = await app.CreateTeamAsync("Nhóm trò chuyện", members: lan.Id);
        using var api = app.ApiClient(admin);
        var created = await api.PostAsJsonAsync("/api/v1/chat/widgets", new { name = "Website", teamId = team.Id, allowedOrigins = new[] { app.BaseUrl }, requireContact = true });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var widget = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!;

        await using var agent = await app.NewActorAsync("agent");
        await app.SignInAsync(agent.Page, lan);
        var page = agent.Page;
        page.Dialog += (_, dialog) => dialog.AcceptAsync(); // "End this chat?"
        (await page.GotoAsync("/agent/chat")).ShouldNotBeNull().Status.ShouldBe(200);
        await Expect(page.Locator("#chat-live")).ToHaveAttributeAsync("data-state", "live");
        await page.Locator("#chat-presence").SelectOptionAsync("online");
        await WaitUntilAsync(() => app.WithDbAsync(db => db.Set<ChatAgent>().AnyAsync(a => a.UserId == lan.Id && a.Presence == ChatPresence.Online)));

        // The visitor: a page of the widget's origin with the SignalR client and nothing else.
        await using var visitor = await app.NewActorAsync("visitor");
        await visitor.Page.GotoAsync("/account/sign-in");
        await visitor.Page.AddScriptTagAsync(new() { Url = app.BaseUrl + "/lib/signalr/signalr.min.js" });
        var conversationId = await visitor.Page.EvaluateAsync<long>("""
            async widget => {
              const c = new signalR.HubConnectionBuilder().withUrl('/hubs/chat?widget=' + widget).build();
              window.__got = [];
              c.on('message', m => window.__got.push(m));
              await c.start();
              window.__chat = c;
              const started = await c.invoke('Start', { name: 'Phạm <i>Minh</i>', email: 'minh@khachhang.vn', pageUrl: 'https://khachhang.vn/bang-gia?x=<b>', language: 'vi' });
              await c.invoke('Send', 'v-1', '<b>Xin chào</b> cho tôi hỏi giá gói hosting?');
              return started.conversationId;
            }
            """, widget);

        // Routed to her, the only one online: it opens by itself.
        await Expect(page.Locator($"#chat-mine [data-conversation-id='{conversationId}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#chat-title")).ToHaveTextAsync("Phạm <i>Minh</i>");
        var visitorLine = page.Locator("#chat-messages li.chat-visitor .chat-body");
        await Expect(visitorLine).ToHaveTextAsync("<b>Xin chào</b> cho tôi hỏi giá gói hosting?");
        await Expect(page.Locator("#chat-messages b, #chat-messages i, #chat-title i, #chat-customer b")).ToHaveCountAsync(0);
        await Expect(page.Locator("#chat-customer [data-field=email]")).ToHaveTextAsync("minh@khachhang.vn");
        await Expect(page.Locator("#chat-customer [data-field=pageUrl]")).ToHaveTextAsync("https://khachhang.vn/bang-gia?x=<b>");
        await Expect(page.Locator("#chat-accept")).ToBeHiddenAsync();

        await visitor.Page.EvaluateAsync("() => window.__chat.invoke('Typing', true)");
        await Expect(page.Locator("#chat-typing")).ToBeVisibleAsync();
        await Expect(page.Locator("#chat-typing")).ToHaveTextAsync("đang nhập…");

        await page.Locator("#chat-composer").FillAsync("Chào anh Minh, gói doanh nghiệp là 2.400.000 ₫/năm.");
        await page.Locator("#chat-composer").PressAsync("Enter");
        var mine = page.Locator("#chat-messages li.chat-agent").Last;
        await Expect(mine.Locator(".chat-body")).ToHaveTextAsync("Chào anh Minh, gói doanh nghiệp là 2.400.000 ₫/năm.");
        await Expect(mine.Locator(".chat-status")).ToHaveTextAsync("đã gửi");
        await Expect(page.Locator("#chat-composer")).ToHaveValueAsync("");
        await visitor.Page.WaitForFunctionAsync("() => window.__got.some(m => m.sender === 'agent' && m.body.startsWith('Chào anh Minh'))");
        var answerId = await visitor.Page.EvaluateAsync<long>("() => window.__got.find(m => m.sender === 'agent').id");

        await visitor.Page.EvaluateAsync("id => window.__chat.invoke('Read', id)", answerId);
        await Expect(mine.Locator(".chat-status")).ToHaveTextAsync("đã xem");
        await BrowserApp.ScreenshotAsync(page, "chat-console");

        await page.Locator("#chat-to-ticket").ClickAsync();
        await Expect(page.Locator("#chat-ticket-link")).ToHaveAttributeAsync("href", new Regex(@"^/agent/tickets/\d+$"));

        await page.Locator("#chat-end").ClickAsync();
        await Expect(page.Locator("#chat-messages li.chat-system").Last).ToContainTextAsync("kết thúc");
        await Expect(page.Locator("#chat-composer")).ToBeDisabledAsync();
        agent.AssertNoBrowserErrors();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
        (await condition()).ShouldBeTrue("the agent's presence did not become online");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
