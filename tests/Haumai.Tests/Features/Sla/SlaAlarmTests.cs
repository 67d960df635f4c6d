using System.Net;
using System.Net.Http.Json;
using Haumai.Tests.Support;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Notifications;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Tickets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haumai.Tests.Features.Sla;

/// <summary>
/// S3 warnings and breaches: alarms are rows planned with the clocks, fired by the scanner once,
/// to the assignee (warning) and the team lead (breach), recorded in the ticket's history.
/// </summary>
public abstract class SlaAlarmTests(HaumaiFactory app)
{
    private sealed record Setup(TestUser Admin, TestUser Agent, TestUser Lead, long TicketId);

    /// <summary>An urgent technical ticket (24x7, first response 60 min) assigned to an agent whose team has a lead.</summary>
    private async Task<Setup> UrgentAssignedTicketAsync()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var agent = await app.CreateUserAsync(Role.Agent);
        var lead = await app.CreateUserAsync(Role.Agent);
        await app.AddToTeamAsync("technical", agent.Id);
        await app.AddToTeamAsync("technical", lead.Id, lead: true);
        var created = await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket($"k-{Guid.NewGuid():N}@acme.vn", "technical-fault", "urgent"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (long)(await created.ReadJsonAsync())["id"]!;
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { assigneeId = agent.Id })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return new Setup(admin, agent, lead, id);
    }

    private Task<List<SlaAlarm>> AlarmsAsync(long ticketId) =>
        app.WithDbAsync(db => db.SlaAlarms.AsNoTracking().Where(a => a.TicketId == ticketId).OrderBy(a => a.FireAt).ToListAsync());

    private Task<List<Notification>> NotificationsAsync(long ticketId, int userId) =>
        app.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.TicketId == ticketId && n.UserId == userId).ToListAsync());

    private Task<int> ScanAsync() => app.Services.GetRequiredService<SlaAlarmScanner>().RunOnceAsync(default);

    [Fact]
    public async Task Alarms_are_planned_at_80_percent_and_at_the_due_time()
    {
        var s = await UrgentAssignedTicketAsync();
        var ticket = await app.WithDbAsync(db => db.Tickets.AsNoTracking().FirstAsync(t => t.Id == s.TicketId));

        var alarms = await AlarmsAsync(s.TicketId);

        alarms.Select(a => (a.Clock, a.Kind)).ShouldBe([(SlaClockKind.FirstResponse, SlaAlarmKind.Warning), (SlaClockKind.FirstResponse, SlaAlarmKind.Breach)]);
        (alarms[0].FireAt - ticket.CreatedAt).TotalMinutes.ShouldBe(48, tolerance: 0.01); // 80 % of 60 on 24x7
        (alarms[1].FireAt - ticket.CreatedAt).TotalMinutes.ShouldBe(60, tolerance: 0.01);
        alarms.ShouldAllBe(a => a.FiredAt == null);
    }

    [Fact]
    public async Task The_warning_goes_to_the_assignee_and_the_breach_to_the_lead_each_once()
    {
        var s = await UrgentAssignedTicketAsync();

        app.Clock.Advance(TimeSpan.FromMinutes(49));
        await ScanAsync();
        await ScanAsync();

        (await NotificationsAsync(s.TicketId, s.Agent.Id)).Select(n => n.Kind).ShouldBe([NotificationKinds.SlaWarning]);
        (await NotificationsAsync(s.TicketId, s.Lead.Id)).ShouldBeEmpty();
        var warned = await s.Agent.Client.GetAsync("/api/v1/notifications");
        (await warned.ReadJsonAsync())["items"]!.AsArray().ShouldContain(n => (long?)n!["ticketId"] == s.TicketId && (string)n["kind"]! == "sla_warning");

        app.Clock.Advance(TimeSpan.FromMinutes(12));
        await Task.WhenAll(ScanAsync(), ScanAsync(), ScanAsync());

        (await NotificationsAsync(s.TicketId, s.Lead.Id)).Select(n => n.Kind).ShouldBe([NotificationKinds.SlaBreach]);
        (await NotificationsAsync(s.TicketId, s.Agent.Id)).Select(n => n.Kind).Order().ShouldBe([NotificationKinds.SlaBreach, NotificationKinds.SlaWarning]);
        var ticket = await (await s.Admin.Client.GetAsync($"/api/v1/tickets/{s.TicketId}")).ReadJsonAsync();
        var types = ticket["events"]!.AsArray().Select(e => (string)e!["type"]!).ToList();
        types.Count(t => t == "sla_warning").ShouldBe(1);
        types.Count(t => t == "sla_breach").ShouldBe(1);
        (await AlarmsAsync(s.TicketId)).ShouldAllBe(a => a.FiredAt != null);
    }

    [Fact]
    public async Task A_reply_in_time_withdraws_the_alarms_and_nothing_fires()
    {
        var s = await UrgentAssignedTicketAsync();
        (await s.Agent.Client.PostAsJsonAsync($"/api/v1/tickets/{s.TicketId}/messages", new { body = "Chúng tôi đã nhận được yêu cầu." }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        (await AlarmsAsync(s.TicketId)).ShouldNotContain(a => a.Clock == SlaClockKind.FirstResponse && a.FiredAt == null);
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await ScanAsync();

        (await NotificationsAsync(s.TicketId, s.Agent.Id)).ShouldBeEmpty();
        (await NotificationsAsync(s.TicketId, s.Lead.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_alarm_whose_deadline_moved_later_is_planned_again_not_fired()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var key = Guid.NewGuid().ToString("N")[..10];
        var teamId = (int)(await (await admin.Client.PostAsJsonAsync("/api/v1/teams", new { slug = $"a-{key}", name = "Nhóm báo động" })).ReadJsonAsync())["id"]!;
        (await admin.Client.PostAsJsonAsync("/api/v1/categories", new { slug = $"a-{key}", name = "Báo động", nameEn = "Alarms", teamId, defaultPriority = "low" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        object Policy(int minutes) => new
        {
            name = $"Báo động {key}", calendar = "24x7", conditions = new { teamId },
            targets = new[] { "urgent", "high", "medium", "low" }.Select(p => new { priority = p, firstResponseMinutes = minutes }).ToArray(),
        };
        var policy = await admin.Client.PostAsJsonAsync("/api/v1/sla-policies", Policy(100));
        policy.StatusCode.ShouldBe(HttpStatusCode.Created, await policy.Content.ReadAsStringAsync());
        var policyId = (int)(await policy.ReadJsonAsync())["id"]!;
        var id = (long)(await (await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("bd@acme.vn", $"a-{key}"))).ReadJsonAsync())["id"]!;
        (await AlarmsAsync(id)).Single(a => a.Kind == SlaAlarmKind.Warning).FireAt.ShouldBeLessThan(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(81));

        // The policy relaxes: stored due times are recomputed, the ticket itself is not saved.
        (await admin.Client.PutAsJsonAsync($"/api/v1/sla-policies/{policyId}", Policy(1000))).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(81)); // past the old warning (80 min), far from the new one (800)
        await ScanAsync();

        var alarms = await AlarmsAsync(id);
        alarms.ShouldAllBe(a => a.FiredAt == null);
        alarms.Single(a => a.Kind == SlaAlarmKind.Warning).FireAt.ShouldBeGreaterThan(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(600));
        var events = await app.WithDbAsync(db => db.TicketEvents.Where(e => e.TicketId == id).Select(e => e.Type).ToListAsync());
        events.ShouldNotContain("sla_warning");
    }

    [Fact]
    public async Task Pending_withdraws_the_alarms_and_a_customer_reply_plans_them_again()
    {
        var s = await UrgentAssignedTicketAsync();
        (await s.Admin.Client.PatchJsonAsync($"/api/v1/tickets/{s.TicketId}", new { status = "pending" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await AlarmsAsync(s.TicketId)).ShouldNotContain(a => a.FiredAt == null);

        (await s.Admin.Client.PatchJsonAsync($"/api/v1/tickets/{s.TicketId}", new { status = "open" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AlarmsAsync(s.TicketId)).Count(a => a.FiredAt == null).ShouldBe(2);
    }
}

[Collection("sqlite")]
public sealed class SqliteSlaAlarmTests(SqliteApp app) : SlaAlarmTests(app);

[Collection("postgres")]
public sealed class PostgresSlaAlarmTests(PostgresApp app) : SlaAlarmTests(app);

/// <summary>A host whose escalation rules raise the priority and hand a breached ticket to the lead.</summary>
public sealed class EscalatingApp : HaumaiFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sla:RaisePriorityOnBreach", "true");
        builder.UseSetting("Sla:ReassignToLeadOnBreach", "true");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<Haumai.Web.Features.Workspace.IQueueNotifier>();
            services.AddSingleton<Haumai.Web.Features.Workspace.IQueueNotifier>(Pushes);
        });
    }

    /// <summary>What the live queue was told (a recording stand-in for the SignalR fan-out, tested on its own in QueueHubTests).</summary>
    public RecordingQueue Pushes { get; } = new();
}

public sealed class RecordingQueue : Haumai.Web.Features.Workspace.IQueueNotifier
{
    public System.Collections.Concurrent.ConcurrentQueue<(long TicketId, string Kind)> Changes { get; } = new();

    public void Changed(Haumai.Web.Features.Tickets.Ticket ticket, string kind) => Changes.Enqueue((ticket.Id, kind));
}

public sealed class SlaEscalationTests(EscalatingApp app) : IClassFixture<EscalatingApp>
{
    [Fact]
    public async Task A_breach_raises_the_priority_and_reassigns_to_the_lead()
    {
        var admin = await app.CreateUserAsync(Role.Admin);
        var agent = await app.CreateUserAsync(Role.Agent);
        var lead = await app.CreateUserAsync(Role.Agent);
        await app.AddToTeamAsync("technical", agent.Id);
        await app.AddToTeamAsync("technical", lead.Id, lead: true);
        var created = await (await admin.Client.PostAsJsonAsync("/api/v1/tickets", Json.NewTicket("esc@acme.vn", "technical-fault", "high"))).ReadJsonAsync();
        var id = (long)created["id"]!;
        (await admin.Client.PatchJsonAsync($"/api/v1/tickets/{id}", new { assigneeId = agent.Id })).StatusCode.ShouldBe(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromMinutes(241)); // high: first response within 240 minutes, 24x7
        var before = app.Pushes.Changes.Count(c => c.TicketId == id);
        await app.Services.GetRequiredService<SlaAlarmScanner>().RunOnceAsync(default);
        app.Pushes.Changes.Count(c => c.TicketId == id).ShouldBe(before + 1, "open queues hear of the escalation");

        var ticket = await (await admin.Client.GetAsync($"/api/v1/tickets/{id}")).ReadJsonAsync();
        ((string)ticket["priority"]!).ShouldBe("urgent");
        ((int)ticket["assignee"]!["id"]!).ShouldBe(lead.Id);
        var types = ticket["events"]!.AsArray().Select(e => (string)e!["type"]!).ToList();
        types.ShouldContain("sla_breach");
        types.ShouldContain("priority_changed");
    }
}
