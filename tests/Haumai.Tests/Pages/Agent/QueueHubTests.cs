using System.Net;
using System.Net.Http.Json;
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
        await using var lanQueue = await QueueAsync(app, lan.Token);
        await using var binhQueue = await QueueAsync(app, binh.Token);

        var forLan = await OpenAsync(customer, lansCategory, "Mất kết nối Internet cả văn phòng");

        var change = await lanQueue.NextAsync("queueChanged");
        ((long)change["ticketId"]!).ShouldBe(forLan);
        ((int)change["teamId"]!).ShouldBe(lansTeam);
        ((string)change["kind"]!).ShouldBe("created");

        // Bình's first news is of his own team's ticket: he never heard of Lan's.
        var forBinh = await OpenAsync(customer, binhsCategory, "Cần báo giá gói hosting");
        ((long)(await binhQueue.NextAsync("queueChanged"))["ticketId"]!).ShouldBe(forBinh);
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
        await using var lanQueue = await QueueAsync(app, lan.Token);
        await using var adminQueue = await QueueAsync(app, admin.Token);

        (await customer.Client.PostAsJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Vẫn còn chậm ạ" })).EnsureSuccessStatusCode();
        var message = await lanQueue.NextAsync("queueChanged");
        ((long)message["ticketId"]!).ShouldBe(id);
        ((string)message["kind"]!).ShouldBe("message");

        // Moved to another team: Lan's queue is told, so the row can leave it; admins hear of everything.
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { teamId = otherTeam })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var moved = await lanQueue.NextAsync("queueChanged");
        ((long)moved["ticketId"]!).ShouldBe(id);
        ((int)moved["teamId"]!).ShouldBe(otherTeam);
        ((string)moved["kind"]!).ShouldBe("updated");
        ((long)(await adminQueue.NextAsync("queueChanged"))["ticketId"]!).ShouldBe(id); // the reply
        ((int)(await adminQueue.NextAsync("queueChanged"))["teamId"]!).ShouldBe(otherTeam);
    }

    [Fact]
    public async Task Customers_and_anonymous_callers_cannot_listen_to_the_queue()
    {
        var customer = await app.CreateUserAsync(Role.Customer);

        await Should.ThrowAsync<Exception>(() => QueueAsync(app, customer.Token));
        await Should.ThrowAsync<Exception>(() => QueueAsync(app, null));
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

    private static Task<SignalRClient> QueueAsync(HaumaiFactory app, string? token) => SignalRClient.ConnectAsync(app, "/hubs/queue", bearer: token);
}

[Collection("sqlite")]
public sealed class SqliteQueueHubTests(SqliteApp app) : QueueHubTests(app);

[Collection("postgres")]
public sealed class PostgresQueueHubTests(PostgresApp app) : QueueHubTests(app);
