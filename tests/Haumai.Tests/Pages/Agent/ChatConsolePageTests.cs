using System.Net;
using System.Net.Http.Json;
using Haumai.Tests.Support;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Teams;

namespace Haumai.Tests.Pages.Agent;

/// <summary>
/// C2: the chat console page <c>/agent/chat</c> over HTTP. The page is a frame that
/// chat-console.js fills from the hub, so what can be checked here is the frame: the hooks the
/// browser tests use, the words in the agent's language (also those only the script shows,
/// handed over in data-* attributes), the nav link, and that only staff get in.
/// </summary>
public abstract class ChatConsolePageTests(HaumaiFactory app)
{
    private static readonly string[] Hooks =
    [
        "chat-console", "chat-presence", "chat-waiting", "chat-mine", "chat-others", "chat-messages", "chat-composer", "chat-send",
        "chat-accept", "chat-transfer-agent", "chat-transfer-team", "chat-transfer", "chat-end", "chat-to-ticket", "chat-typing",
        "chat-customer", "chat-canned", "chat-notify",
    ];

    [Fact]
    public async Task An_agent_gets_the_console_with_its_hooks_and_its_words_in_vietnamese()
    {
        var (_, lan) = await app.SignedInAsync(Role.Agent, "Nguyễn Thị Lan");

        var html = await lan.HtmlAsync("/agent/chat");

        foreach (var id in Hooks)
        {
            html.ShouldContain($"id=\"{id}\"", customMessage: id);
        }
        html.ShouldContain("<textarea id=\"chat-composer\"");
        html.ShouldContain("<html lang=\"vi\"");
        html.ShouldContain(">Trò chuyện</h1>");
        html.ShouldContain("Đang chờ");
        html.ShouldContain("Chọn một cuộc trò chuyện ở cột bên trái.");
        // Words only the script shows, rendered from the localizer for it to read.
        html.ShouldContain("data-text-seen=\"đã xem\"");
        html.ShouldContain("data-text-sending=\"đang gửi…\"");
        html.ShouldContain("data-error-taken=\"Một đồng nghiệp đã nhận cuộc trò chuyện này.\"");
        html.ShouldContain("đang nhập…");
        // The nav: the console's link, current here, with the badge the script fills.
        html.ShouldContain("id=\"nav-chat\" class=\"nav-link active\" href=\"/agent/chat\"");
        html.ShouldContain("id=\"nav-chat-count\"");
        html.ShouldContain("/lib/signalr/signalr.min.js");
        html.ShouldContain("/js/chat-console.js");
        // The CSP allows only scripts from files: no inline script on this page.
        html.ShouldNotContain("<script>");
        html.ShouldNotContain(" style=\"");

        // The other agent pages link to it too, not marked current.
        (await lan.HtmlAsync("/agent")).ShouldContain("id=\"nav-chat\" class=\"nav-link \" href=\"/agent/chat\"");
    }

    [Fact]
    public async Task The_console_speaks_english_to_an_agent_who_chose_it()
    {
        var (_, lan) = await app.SignedInAsync(Role.Agent);
        (await lan.PostPageFormAsync("/agent/chat", "/account/language", ("language", "en"), ("returnUrl", "/agent/chat")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var html = await lan.HtmlAsync("/agent/chat");

        html.ShouldContain("<html lang=\"en\"");
        html.ShouldContain(">Chat</h1>");
        html.ShouldContain("data-text-seen=\"seen\"");
        html.ShouldContain("Choose a chat on the left.");
        html.ShouldNotContain("Trò chuyện");
    }

    [Fact]
    public async Task The_header_counts_the_chats_waiting_in_the_agent_s_teams_on_every_staff_page()
    {
        const string site = "https://www.khachhang-demo.vn";
        var admin = await app.CreateUserAsync(Role.Admin);
        var (lanUser, lan) = await app.SignedInAsync(Role.Agent, "Nguyễn Thị Lan");
        var (_, stranger) = await app.SignedInAsync(Role.Agent, "Agent of another team");
        var binh = await app.CreateUserAsync(Role.Agent, name: "Trần Văn Bình");
        var team = await app.CreateTeamAsync(AssignmentMode.Manual, lanUser.Id, binh.Id);
        var created = await admin.Client.PostAsJsonAsync("/api/v1/chat/widgets", new { name = "Website", teamId = team, allowedOrigins = new[] { site }, requireContact = true });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var widget = (string)(await created.ReadJsonAsync())["key"]!;
        // Bình is online for one chat at a time: the first chat is his, the second waits.
        await using var console = await SignalRClient.ConnectAsync(app, "/hubs/chat-agent", bearer: binh.Token);
        await console.InvokeAsync("SetPresence", "online", 1);
        AgentWorkspace.ChatCount(await lan.HtmlAsync("/agent")).ShouldBe("");
        for (var i = 1; i <= 2; i++)
        {
            await using var visitor = await SignalRClient.ConnectAsync(app, $"/hubs/chat?widget={widget}", origin: site);
            await visitor.InvokeAsync("Start", new { name = $"Khách {i}", email = $"khach{i}@khachhang-demo.vn", pageUrl = site, language = "vi" });
            await visitor.InvokeAsync("Send", $"c-{i}", "Cho tôi hỏi giá gói hosting?");
        }

        AgentWorkspace.ChatCount(await lan.HtmlAsync("/agent")).ShouldBe("1");
        AgentWorkspace.ChatCount(await lan.HtmlAsync("/agent/chat")).ShouldBe("1");
        AgentWorkspace.ChatCount(await stranger.HtmlAsync("/agent")).ShouldBe("", "another team's chats are not hers to take");
    }

    [Fact]
    public async Task Customers_get_403_and_strangers_are_sent_to_sign_in()
    {
        var org = await app.CreateOrganizationAsync();
        var (_, customer) = await app.SignedInAsync(Role.Customer, "Khách tò mò", org.Slug);

        (await customer.GetAsync("/agent/chat")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await customer.HtmlAsync("/portal")).ShouldNotContain("nav-chat");

        var anonymous = await app.Browser().GetAsync("/agent/chat");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.AbsolutePath.ShouldBe("/account/sign-in");
    }

    [Fact]
    public void The_script_puts_what_people_typed_in_as_text_and_carries_no_language_of_its_own()
    {
        var script = File.ReadAllText(Path.Combine(RepoRoot(), "src", "Haumai.Web", "wwwroot", "js", "chat-console.js"));

        script.ShouldNotContain("innerHTML");
        script.ShouldNotContain("insertAdjacentHTML");
        script.ShouldNotContain("document.write");
        // Vietnamese letters in the script would be words the localizer does not know about
        // (separators such as "·" and "—" are not words).
        script.Where(c => c > '\u007f' && char.IsLetter(c)).ShouldBeEmpty();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Haumai.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Haumai.slnx not found above the test binaries.");
    }
}

[Collection("sqlite")]
public sealed class SqliteChatConsolePageTests(SqliteApp app) : ChatConsolePageTests(app);

[Collection("postgres")]
public sealed class PostgresChatConsolePageTests(PostgresApp app) : ChatConsolePageTests(app);
