using System.Text.Json.Nodes;
using Haumai.Web.Features.Tickets;

namespace Haumai.Tests.Features.Tickets;

/// <summary>The T4 rules of the <see cref="Ticket"/> entity, without a database or HTTP.</summary>
public sealed class TicketRulesTests
{
    private const int Agent = 7;
    private const int Customer = 42;
    private static readonly DateTime Start = new(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>T4 as written down: every move a ticket may make. Anything not listed is refused.</summary>
    private static readonly Dictionary<TicketStatus, TicketStatus[]> T4 = new()
    {
        [TicketStatus.New] = [TicketStatus.Open, TicketStatus.Pending, TicketStatus.OnHold, TicketStatus.Solved],
        [TicketStatus.Open] = [TicketStatus.Pending, TicketStatus.OnHold, TicketStatus.Solved],
        [TicketStatus.Pending] = [TicketStatus.Open, TicketStatus.OnHold, TicketStatus.Solved],
        [TicketStatus.OnHold] = [TicketStatus.Open, TicketStatus.Pending, TicketStatus.Solved],
        [TicketStatus.Solved] = [TicketStatus.Open, TicketStatus.Closed],
        [TicketStatus.Closed] = [],
    };

    private static readonly Dictionary<TicketStatus, string> ApiName = new()
    {
        [TicketStatus.New] = "new",
        [TicketStatus.Open] = "open",
        [TicketStatus.Pending] = "pending",
        [TicketStatus.OnHold] = "on_hold",
        [TicketStatus.Solved] = "solved",
        [TicketStatus.Closed] = "closed",
    };

    /// <summary>Every ordered pair of different statuses, with whether T4 allows it (30 rows).</summary>
    public static TheoryData<TicketStatus, TicketStatus, bool> Moves()
    {
        var data = new TheoryData<TicketStatus, TicketStatus, bool>();
        foreach (var from in Enum.GetValues<TicketStatus>())
        {
            foreach (var to in Enum.GetValues<TicketStatus>().Where(s => s != from))
            {
                data.Add(from, to, T4[from].Contains(to));
            }
        }
        return data;
    }

    public static TheoryData<TicketStatus> Statuses() => [.. Enum.GetValues<TicketStatus>()];

    [Fact]
    public void The_table_covers_every_status()
    {
        T4.Keys.ShouldBe(Enum.GetValues<TicketStatus>(), ignoreOrder: true);
        Moves().Count().ShouldBe(30);
    }

    [Theory]
    [MemberData(nameof(Moves))]
    public void TicketStatusRules_allow_exactly_the_T4_moves(TicketStatus from, TicketStatus to, bool allowed)
    {
        TicketStatusRules.CanMove(from, to).ShouldBe(allowed);
        TicketStatusRules.AllowedFrom(from).Contains(to).ShouldBe(allowed);
    }

    [Theory]
    [MemberData(nameof(Moves))]
    public void ChangeStatus_makes_allowed_moves_and_refuses_the_others(TicketStatus from, TicketStatus to, bool allowed)
    {
        var ticket = In(from);
        var events = ticket.Events.Count;
        var now = Start.AddHours(5);

        if (allowed)
        {
            ticket.ChangeStatus(to, Agent, now);

            ticket.Status.ShouldBe(to);
            ticket.IsOpen.ShouldBe(to is not (TicketStatus.Solved or TicketStatus.Closed));
            ticket.UpdatedAt.ShouldBe(now);
            ticket.Events.Count.ShouldBe(events + 1);
            var e = ticket.Events[^1];
            e.Type.ShouldBe(TicketEventType.StatusChanged);
            e.ActorId.ShouldBe(Agent);
            e.CreatedAt.ShouldBe(now);
            Data(e).ShouldBe(new JsonObject { ["from"] = ApiName[from], ["to"] = ApiName[to] }.ToJsonString());
        }
        else
        {
            var refused = Should.Throw<TicketRuleException>(() => ticket.ChangeStatus(to, Agent, now));

            refused.Code.ShouldBe("invalid-status-transition");
            refused.Message.ShouldContain(ApiName[from]);
            refused.Message.ShouldContain(ApiName[to]);
            foreach (var possible in T4[from])
            {
                refused.Message.ShouldContain(ApiName[possible]);
            }
            ticket.Status.ShouldBe(from);
            ticket.IsOpen.ShouldBe(from is not (TicketStatus.Solved or TicketStatus.Closed));
            ticket.Events.Count.ShouldBe(events);
        }
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Moving_to_the_current_status_changes_and_records_nothing(TicketStatus status)
    {
        var ticket = In(status);
        var events = ticket.Events.Count;
        var updated = ticket.UpdatedAt;

        ticket.ChangeStatus(status, Agent, Start.AddDays(1));

        ticket.Status.ShouldBe(status);
        ticket.Events.Count.ShouldBe(events);
        ticket.UpdatedAt.ShouldBe(updated);
    }

    [Fact]
    public void A_new_ticket_is_open_and_its_creation_is_recorded()
    {
        var ticket = NewTicket();

        ticket.Status.ShouldBe(TicketStatus.New);
        ticket.IsOpen.ShouldBeTrue();
        ticket.CreatedAt.ShouldBe(Start);
        ticket.SolvedAt.ShouldBeNull();
        ticket.ClosedAt.ShouldBeNull();
        var created = ticket.Events.ShouldHaveSingleItem();
        created.Type.ShouldBe(TicketEventType.Created);
        created.ActorId.ShouldBe(Agent);
        var data = JsonNode.Parse(created.Data!)!;
        ((string)data["channel"]!).ShouldBe("api");
        ((string)data["priority"]!).ShouldBe("high");
    }

    [Fact]
    public void IsOpen_and_the_timestamps_follow_a_full_life()
    {
        var ticket = NewTicket();

        ticket.ChangeStatus(TicketStatus.Pending, Agent, Start.AddHours(1));
        ticket.IsOpen.ShouldBeTrue();

        ticket.ChangeStatus(TicketStatus.Solved, Agent, Start.AddHours(2));
        ticket.IsOpen.ShouldBeFalse();
        ticket.SolvedAt.ShouldBe(Start.AddHours(2));

        ticket.ChangeStatus(TicketStatus.Open, Customer, Start.AddHours(3));
        ticket.IsOpen.ShouldBeTrue();
        ticket.SolvedAt.ShouldBeNull(); // reopened: no longer solved

        ticket.ChangeStatus(TicketStatus.OnHold, Agent, Start.AddHours(4));
        ticket.IsOpen.ShouldBeTrue();
        ticket.ChangeStatus(TicketStatus.Solved, Agent, Start.AddHours(5));
        ticket.ChangeStatus(TicketStatus.Closed, null, Start.AddHours(6));
        ticket.IsOpen.ShouldBeFalse();
        ticket.SolvedAt.ShouldBe(Start.AddHours(5));
        ticket.ClosedAt.ShouldBe(Start.AddHours(6));

        ticket.Events.Where(e => e.Type == TicketEventType.StatusChanged).Select(e => e.ActorId)
            .ShouldBe([Agent, Agent, Customer, Agent, Agent, null]);
    }

    [Fact]
    public void Each_field_change_is_recorded_once_and_a_change_to_the_same_value_not_at_all()
    {
        var ticket = NewTicket();
        var now = Start.AddMinutes(30);

        ticket.ChangePriority(Priority.Urgent, Agent, now);
        ticket.ChangePriority(Priority.Urgent, Agent, now);
        ticket.ChangeCategory(5, Agent, now);
        ticket.ChangeCategory(5, Agent, now);
        ticket.Assign(Agent, Agent, now);
        ticket.Assign(Agent, Agent, now);
        ticket.MoveToTeam(3, Agent, now);
        ticket.MoveToTeam(3, Agent, now);
        ticket.Assign(null, Agent, now);

        ticket.Priority.ShouldBe(Priority.Urgent);
        ticket.CategoryId.ShouldBe(5);
        ticket.TeamId.ShouldBe(3);
        ticket.AssigneeId.ShouldBeNull();
        var changes = ticket.Events.Skip(1).ToList();
        changes.Select(e => e.Type).ShouldBe([
            TicketEventType.PriorityChanged, TicketEventType.CategoryChanged, TicketEventType.Assigned, TicketEventType.TeamChanged, TicketEventType.Assigned,
        ]);
        changes.ShouldAllBe(e => e.ActorId == Agent && e.CreatedAt == now);
        Data(changes[0]).ShouldBe("""{"from":"high","to":"urgent"}""");
        Data(changes[1]).ShouldBe("""{"from":1,"to":5}""");
        Data(changes[2]).ShouldBe($$"""{"from":null,"to":{{Agent}}}""");
        Data(changes[3]).ShouldBe("""{"from":2,"to":3}""");
        Data(changes[4]).ShouldBe($$"""{"from":{{Agent}},"to":null}""");
        ticket.UpdatedAt.ShouldBe(now);
    }

    [Fact]
    public void SetTags_normalizes_and_dedupes_and_records_nothing_when_unchanged()
    {
        var ticket = NewTicket();

        ticket.SetTags(["  VIP ", "vip", "Hosting", "", "   ", "HOSTING"], Agent, Start.AddMinutes(1));

        ticket.Tags.Select(t => t.Name).Order(StringComparer.Ordinal).ShouldBe(["hosting", "vip"]);
        var first = ticket.Events[^1];
        first.Type.ShouldBe(TicketEventType.TagsChanged);
        Data(first).ShouldBe("""{"from":[],"to":["hosting","vip"]}""");
        var events = ticket.Events.Count;

        // The same set, written differently: nothing changes, nothing is recorded.
        ticket.SetTags(["Vip", " hosting", "VIP"], Agent, Start.AddMinutes(2));
        ticket.SetTags(["hosting", "vip"], Agent, Start.AddMinutes(3));
        ticket.Events.Count.ShouldBe(events);
        ticket.UpdatedAt.ShouldBe(Start.AddMinutes(1));

        ticket.SetTags(["vip", "Email"], Customer, Start.AddMinutes(4));
        ticket.Tags.Select(t => t.Name).Order(StringComparer.Ordinal).ShouldBe(["email", "vip"]);
        Data(ticket.Events[^1]).ShouldBe("""{"from":["hosting","vip"],"to":["email","vip"]}""");
        ticket.Events[^1].ActorId.ShouldBe(Customer);

        ticket.SetTags([], Agent, Start.AddMinutes(5));
        ticket.Tags.ShouldBeEmpty();
        Data(ticket.Events[^1]).ShouldBe("""{"from":["email","vip"],"to":[]}""");
        ticket.Events.Count.ShouldBe(events + 2);
    }

    [Fact]
    public void A_staff_reply_opens_a_new_ticket_but_a_note_or_a_customer_message_does_not()
    {
        var noted = NewTicket();
        noted.AddMessage(Agent, authorIsStaff: true, "Ghi chú", isInternal: true, Start.AddMinutes(1));
        noted.Status.ShouldBe(TicketStatus.New);
        noted.Events[^1].Type.ShouldBe(TicketEventType.NoteAdded);

        var customerWrote = NewTicket();
        customerWrote.AddMessage(Customer, authorIsStaff: false, "Bổ sung thông tin", isInternal: false, Start.AddMinutes(1));
        customerWrote.Status.ShouldBe(TicketStatus.New);
        customerWrote.Events[^1].Type.ShouldBe(TicketEventType.ReplyAdded);

        var replied = NewTicket();
        var message = replied.AddMessage(Agent, authorIsStaff: true, "Chúng tôi đang kiểm tra", isInternal: false, Start.AddMinutes(1));
        replied.Status.ShouldBe(TicketStatus.Open);
        message.IsInternal.ShouldBeFalse();
        replied.Messages.ShouldContain(message);
        replied.Events.Skip(1).Select(e => e.Type).ShouldBe([TicketEventType.ReplyAdded, TicketEventType.StatusChanged]);
        replied.Events[^1].ActorId.ShouldBe(Agent);
    }

    [Theory]
    [InlineData(TicketStatus.Pending, TicketStatus.Open)]
    [InlineData(TicketStatus.Solved, TicketStatus.Open)]
    [InlineData(TicketStatus.OnHold, TicketStatus.OnHold)]
    [InlineData(TicketStatus.Open, TicketStatus.Open)]
    [InlineData(TicketStatus.New, TicketStatus.New)]
    public void A_customer_message_reopens_only_a_ticket_waiting_on_them_or_solved(TicketStatus before, TicketStatus after)
    {
        var ticket = In(before);
        var events = ticket.Events.Count;

        ticket.AddMessage(Customer, authorIsStaff: false, "Vẫn còn lỗi", isInternal: false, Start.AddHours(9));

        ticket.Status.ShouldBe(after);
        ticket.IsOpen.ShouldBeTrue();
        var added = ticket.Events.Skip(events).ToList();
        added[0].Type.ShouldBe(TicketEventType.ReplyAdded);
        added[0].ActorId.ShouldBe(Customer);
        if (after != before)
        {
            added.Count.ShouldBe(2);
            added[1].Type.ShouldBe(TicketEventType.StatusChanged);
            added[1].ActorId.ShouldBe(Customer);
            Data(added[1]).ShouldBe(new JsonObject { ["from"] = ApiName[before], ["to"] = ApiName[after] }.ToJsonString());
            ticket.SolvedAt.ShouldBeNull();
        }
        else
        {
            added.Count.ShouldBe(1);
        }
    }

    [Theory]
    [InlineData(TicketStatus.Pending)]
    [InlineData(TicketStatus.OnHold)]
    [InlineData(TicketStatus.Solved)]
    public void A_staff_reply_does_not_move_a_ticket_past_new(TicketStatus status)
    {
        var ticket = In(status);

        ticket.AddMessage(Agent, authorIsStaff: true, "Cập nhật", isInternal: false, Start.AddHours(9));

        ticket.Status.ShouldBe(status);
    }

    [Fact]
    public void A_customer_cannot_write_an_internal_note()
    {
        var ticket = NewTicket();
        var events = ticket.Events.Count;

        Should.Throw<InvalidOperationException>(() => ticket.AddMessage(Customer, authorIsStaff: false, "bí mật", isInternal: true, Start));

        ticket.Messages.ShouldBeEmpty();
        ticket.Events.Count.ShouldBe(events);
    }

    [Fact]
    public void A_closed_ticket_refuses_every_change_and_every_message()
    {
        var ticket = In(TicketStatus.Closed);
        var events = ticket.Events.Count;
        var now = Start.AddDays(2);

        var attempts = new Action[]
        {
            () => ticket.ChangePriority(Priority.Low, Agent, now),
            () => ticket.ChangeCategory(9, Agent, now),
            () => ticket.Assign(Agent, Agent, now),
            () => ticket.MoveToTeam(9, Agent, now),
            () => ticket.SetTags(["mới"], Agent, now),
            () => ticket.AddMessage(Customer, false, "Còn lỗi", false, now),
            () => ticket.AddMessage(Agent, true, "Ghi chú", true, now),
        };
        foreach (var attempt in attempts)
        {
            Should.Throw<TicketRuleException>(attempt).Code.ShouldBe("ticket-closed");
        }
        foreach (var status in Enum.GetValues<TicketStatus>().Where(s => s != TicketStatus.Closed))
        {
            Should.Throw<TicketRuleException>(() => ticket.ChangeStatus(status, Agent, now)).Code.ShouldBe("invalid-status-transition");
        }

        ticket.Status.ShouldBe(TicketStatus.Closed);
        ticket.Priority.ShouldBe(Priority.High);
        ticket.Messages.ShouldBeEmpty();
        ticket.Events.Count.ShouldBe(events);
    }

    private static Ticket NewTicket() =>
        new("Website không truy cập được", Customer, organizationId: null, Channel.Api, categoryId: 1, Priority.High, teamId: 2, actorId: Agent, Start);

    /// <summary>A ticket brought to a status by allowed moves.</summary>
    private static Ticket In(TicketStatus status)
    {
        var ticket = NewTicket();
        var now = Start.AddHours(1);
        switch (status)
        {
            case TicketStatus.New:
                break;
            case TicketStatus.Closed:
                ticket.ChangeStatus(TicketStatus.Solved, Agent, now);
                ticket.ChangeStatus(TicketStatus.Closed, Agent, now);
                break;
            default:
                ticket.ChangeStatus(status, Agent, now);
                break;
        }
        ticket.Status.ShouldBe(status);
        return ticket;
    }

    private static string Data(TicketEvent e) => JsonNode.Parse(e.Data!)!.ToJsonString();
}
