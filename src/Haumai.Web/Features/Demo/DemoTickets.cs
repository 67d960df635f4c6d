using System.Globalization;
using Haumai.Web.Data;
using Haumai.Web.Features.Categories;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Tickets;

namespace Haumai.Web.Features.Demo;

internal sealed record DemoCustomer(User User, DemoOrganization Organization, int OrganizationId, bool IsFemale)
{
    /// <summary>How an agent addresses them.</summary>
    public string You => IsFemale ? "chị" : "anh";
}

internal sealed record DemoAgent(User User, DemoStaff Staff)
{
    public int Id => User.Id;
}

/// <summary>
/// A ticket's history as steps at offsets from its creation. The offsets are chosen first, so the
/// whole story's length is known before it is placed in time (and squeezed if it would start more
/// than the demo's window ago); then it is played through the ticket's own methods.
/// </summary>
internal sealed class DemoStory
{
    private readonly List<(TimeSpan At, Action<Ticket, DateTime> Apply)> _steps = [];

    public TimeSpan Length { get; private set; }

    public void Then(TimeSpan after, Action<Ticket, DateTime> apply)
    {
        Length += after;
        _steps.Add((Length, apply));
    }

    public void Play(Ticket ticket, DateTime start, double scale)
    {
        var last = start;
        foreach (var (at, apply) in _steps)
        {
            var when = Whole(start + TimeSpan.FromTicks((long)(at.Ticks * scale)));
            // Squeezed steps still happen one after the other, so messages keep their order in time.
            if (when <= last)
            {
                when = last.AddSeconds(1);
            }
            apply(ticket, when);
            last = when;
        }
    }

    /// <summary>Whole seconds: both providers store them exactly, and nobody reads sub-second demo times.</summary>
    public static DateTime Whole(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}

internal sealed class DemoTicketPlan
{
    public required DemoTemplate Template { get; init; }
    public required TicketStatus Status { get; init; }
    public required Priority Priority { get; init; }

    /// <summary>Lower than <see cref="Priority"/> when an agent raises it during triage.</summary>
    public required Priority InitialPriority { get; init; }
    public required DemoCustomer Requester { get; init; }
    public required Channel Channel { get; init; }

    /// <summary>The agent who works the ticket; null for a new ticket nobody has picked up yet.</summary>
    public required DemoAgent? Agent { get; init; }

    /// <summary>The agent who answers the phone for a phone ticket, and the team lead who triages.</summary>
    public required DemoAgent Lead { get; init; }

    /// <summary>The category the customer picked by mistake, when an agent reclassifies the ticket.</summary>
    public string? WrongCategory { get; init; }
    public DemoStory Story { get; } = new();
    public DateTime CreatedAt { get; set; }
    public double Scale { get; set; } = 1;

    /// <summary>For a warranty claim: where the problem was fixed before, and what it was.</summary>
    public string Reference { get; set; } = "hồi tháng trước";

    public string Fault { get; set; } = "";
}

internal sealed record DemoTicketStats(int Tickets, IReadOnlyDictionary<TicketStatus, int> ByStatus, int Messages, int Notes, int Events, int Tags);

/// <summary>The demo's tickets: who asks what, how each conversation went, and where it stands now.</summary>
internal sealed class DemoTickets(
    Random random,
    DateTime now,
    IReadOnlyList<DemoCustomer> customers,
    DemoCustomer demoCustomer,
    IReadOnlyList<DemoAgent> agents,
    IReadOnlyDictionary<string, Category> categories,
    IReadOnlyDictionary<string, int> teamIds)
{
    /// <summary>Vietnam has kept UTC+7 without daylight saving since 1975; a fixed offset is exact.</summary>
    public static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    /// <summary>T4: a solved ticket is closed N days later. The demo uses five.</summary>
    public static readonly TimeSpan ClosedAfter = TimeSpan.FromDays(5);

    /// <summary>How far back the demo's tickets go.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(60);

    private readonly DateTime _now = DemoStory.Whole(now);

    /// <summary>Tickets per SaveChanges: big enough to batch, small enough to keep change tracking cheap.</summary>
    private const int BatchSize = 60;

    /// <summary>The demo customer's own tickets: one of each state at least, over many categories.</summary>
    private static readonly (string Category, TicketStatus Status)[] DemoCustomerTickets =
    [
        ("technical-fault", TicketStatus.Closed),
        ("question", TicketStatus.Closed),
        ("complaint", TicketStatus.Closed),
        ("operations-incident", TicketStatus.Closed),
        ("usage-guidance", TicketStatus.Solved),
        ("training-request", TicketStatus.Solved),
        ("warranty-claim", TicketStatus.OnHold),
        ("paid-work-request", TicketStatus.Pending),
        ("usage-guidance", TicketStatus.Pending),
        ("operations-incident", TicketStatus.Open),
        ("sales-enquiry", TicketStatus.Open),
        ("technical-fault", TicketStatus.New),
    ];

    /// <summary>The mix of states of a live helpdesk: most work is done, some is in flight.</summary>
    private static readonly (TicketStatus Status, int Percent)[] StatusMix =
    [
        (TicketStatus.New, 8), (TicketStatus.Open, 16), (TicketStatus.Pending, 11),
        (TicketStatus.OnHold, 7), (TicketStatus.Solved, 14), (TicketStatus.Closed, 44),
    ];

    public IReadOnlyList<DemoTicketPlan> Plan(int count)
    {
        var plans = new List<DemoTicketPlan>(count);
        foreach (var (category, status) in DemoCustomerTickets)
        {
            var templates = DemoTemplates.All.Where(t => t.Category == category).ToList();
            plans.Add(NewPlan(DemoCast.Pick(random, templates), status, demoCustomer));
        }
        foreach (var status in StatusDeck(count - plans.Count))
        {
            var category = Weighted(DemoTemplates.CategoryWeights);
            var template = DemoCast.Pick(random, DemoTemplates.All.Where(t => t.Category == category).ToList());
            plans.Add(NewPlan(template, status, PickRequester()));
        }
        foreach (var plan in plans)
        {
            PlaceInTime(plan);
        }
        // Ids are handed out in arrival order, and the queue orders by id: create oldest first.
        return plans.OrderBy(p => p.CreatedAt).ToList();
    }

    public async Task<DemoTicketStats> WriteAsync(HaumaiDb db, IReadOnlyList<DemoTicketPlan> plans, CancellationToken ct)
    {
        var written = new List<(Ticket Ticket, DemoTicketPlan Plan)>(plans.Count);
        var referenced = new HashSet<long>();
        var pending = 0;
        foreach (var plan in plans)
        {
            if (plan.Template.Category == "warranty-claim")
            {
                Refer(plan, written, referenced);
            }
            var ticket = Create(plan);
            db.Tickets.Add(ticket);
            written.Add((ticket, plan));
            if (++pending == BatchSize)
            {
                await FlushAsync(db, ct);
                pending = 0;
            }
        }
        await FlushAsync(db, ct);

        var tickets = written.Select(w => w.Ticket).ToList();
        return new DemoTicketStats(
            tickets.Count,
            tickets.GroupBy(t => t.Status).ToDictionary(g => g.Key, g => g.Count()),
            tickets.Sum(t => t.Messages.Count),
            tickets.Sum(t => t.Messages.Count(m => m.IsInternal)),
            tickets.Sum(t => t.Events.Count),
            tickets.Sum(t => t.Tags.Count));
    }

    private static async Task FlushAsync(HaumaiDb db, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        // Saved tickets are not touched again; forgetting them keeps each save's change scan small.
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// A warranty claim names the fault it is about: the organization's latest fault solved
    /// before the claim and not claimed yet, once saved (so it has its number). Without one,
    /// the fix predates the demo and the claim says so in words.
    /// </summary>
    private static void Refer(DemoTicketPlan claim, List<(Ticket Ticket, DemoTicketPlan Plan)> written, HashSet<long> referenced)
    {
        var earlier = written
            .Where(w => w.Ticket.Id > 0
                && !referenced.Contains(w.Ticket.Id)
                && w.Plan.Requester.OrganizationId == claim.Requester.OrganizationId
                && w.Plan.Template.Category == "technical-fault"
                && w.Ticket.SolvedAt < claim.CreatedAt)
            .Select(w => w.Ticket)
            .LastOrDefault();
        claim.Fault = claim.Template.Fault ?? "";
        if (earlier is not null)
        {
            referenced.Add(earlier.Id);
            claim.Reference = $"ở yêu cầu {earlier.Number}";
            claim.Fault = earlier.Subject;
        }
    }

    private Ticket Create(DemoTicketPlan plan)
    {
        var requester = plan.Requester;
        var slug = plan.WrongCategory ?? plan.Template.Category;
        var category = categories.GetValueOrDefault(slug);
        // The agent who takes a phone call writes the ticket down; otherwise the customer does.
        var author = plan.Channel == Channel.Phone ? plan.Agent ?? plan.Lead : null;
        var ticket = new Ticket(
            Fill(plan.Template.Subject, plan),
            requester.User.Id,
            requester.OrganizationId,
            plan.Channel,
            category?.Id,
            plan.InitialPriority,
            TeamOf(slug),
            author?.Id ?? requester.User.Id,
            plan.CreatedAt);
        ticket.AddDescription(author?.Id ?? requester.User.Id, Opening(plan), plan.CreatedAt);
        plan.Story.Play(ticket, plan.CreatedAt, plan.Scale);
        if (plan.Status == TicketStatus.Closed)
        {
            // Closed by the system, not by a person: N days after the last solve.
            ticket.ChangeStatus(TicketStatus.Closed, null, ticket.SolvedAt!.Value + ClosedAfter);
        }
        if (ticket.Status != plan.Status)
        {
            throw new InvalidOperationException($"Demo ticket '{ticket.Subject}' ended {ticket.Status}, planned {plan.Status}.");
        }
        return ticket;
    }

    private int? TeamOf(string categorySlug) =>
        categories.TryGetValue(categorySlug, out var c) ? c.TeamId : teamIds.GetValueOrDefault(DemoTemplates.NaturalTeam(categorySlug));

    private DemoTicketPlan NewPlan(DemoTemplate template, TicketStatus status, DemoCustomer requester)
    {
        var team = DemoTemplates.NaturalTeam(template.Category);
        var members = agents.Where(a => a.Staff.Team == team).ToList();
        var lead = members.First(a => a.Staff.IsLead);
        // Most new tickets are already triaged to someone; the rest wait in the team's queue.
        var agent = status != TicketStatus.New || Chance(0.55)
            ? Weighted(members.Select(a => (a, a.Staff.Weight)).ToList())
            : null;
        // P4: a warranty claim is always high priority; other requests mostly have their usual one.
        var priority = template.Category == "warranty-claim" || Chance(0.75) ? template.Priority : Neighbour(template.Priority);
        var raised = agent is not null && status != TicketStatus.New && priority != Priority.Low && Chance(0.1);
        var plan = new DemoTicketPlan
        {
            Template = template,
            Status = status,
            Priority = priority,
            InitialPriority = raised ? priority + 1 : priority,
            Requester = requester,
            Channel = PickChannel(template.Category),
            Agent = agent,
            Lead = lead,
            WrongCategory = agent is not null && status != TicketStatus.New && Chance(0.05)
                ? (template.Category == "question" ? "usage-guidance" : "question")
                : null,
        };
        WriteStory(plan);
        return plan;
    }

    /// <summary>
    /// The steps that lead to the planned state, through the ticket's own rules: a staff reply
    /// opens a new ticket, a customer's reply reopens a pending or solved one, and so on.
    /// </summary>
    private void WriteStory(DemoTicketPlan p)
    {
        var s = p.Story;
        var t = p.Template;
        if (p.WrongCategory is { } wrong)
        {
            // The lead of the team that got it by mistake sends it on: the right team cannot see it yet.
            var lead = agents.First(a => a.Staff.IsLead && a.Staff.Team == DemoTemplates.NaturalTeam(wrong));
            var correct = categories.GetValueOrDefault(t.Category);
            s.Then(Triage(p.Priority), (ticket, at) =>
            {
                ticket.ChangeCategory(correct?.Id, lead.Id, at);
                ticket.MoveToTeam(TeamOf(t.Category), lead.Id, at);
                ticket.AddMessage(lead.Id, true, DemoTemplates.Reclassified, isInternal: true, at);
            });
        }
        if (p.Agent is { } agent)
        {
            // Team leads hand out most tickets; agents pick up the rest themselves.
            var assigner = Chance(0.6) ? p.Lead : agent;
            s.Then(Triage(p.Priority), (ticket, at) => ticket.Assign(agent.Id, assigner.Id, at));
            var tags = t.Tags.ToList();
            if (p.Requester.Organization.Contract is not null && Chance(0.5))
            {
                tags.Add("hop-dong");
            }
            s.Then(Minutes(1, 8), (ticket, at) => ticket.SetTags(tags, agent.Id, at));
        }
        if (p.Status == TicketStatus.New || p.Agent is null)
        {
            if (p.Agent is { } a && Chance(0.3))
            {
                s.Then(Minutes(5, 60), Note(a, t.Note));
            }
            if (Chance(0.35))
            {
                s.Then(Minutes(20, 240), CustomerSays(p, Pick(DemoTemplates.Nudges)));
            }
            return;
        }

        var me = p.Agent;
        if (p.InitialPriority != p.Priority)
        {
            s.Then(Minutes(5, 30), (ticket, at) =>
            {
                ticket.ChangePriority(p.Priority, me.Id, at);
                ticket.AddMessage(me.Id, true, DemoTemplates.Escalation, isInternal: true, at);
            });
        }
        if (Chance(0.5))
        {
            s.Then(Minutes(2, 40), Note(me, t.Note));
        }
        if (Chance(0.12))
        {
            var handle = p.Lead.User.Email[..p.Lead.User.Email.IndexOf('@')];
            var pronoun = p.Lead.Staff.IsFemale ? "chị" : "anh";
            s.Then(Minutes(1, 20), Note(me, $"@{handle} nhờ {pronoun} xem giúp hướng xử lý trước khi em trả lời khách."));
        }
        s.Then(FirstResponse(p.Priority), AgentSays(p, me, t.Diagnosis));

        switch (p.Status)
        {
            case TicketStatus.Open:
                var variant = random.Next(3);
                if (variant > 0)
                {
                    AskAndAnswer(p, me);
                }
                if (variant == 2)
                {
                    s.Then(Minutes(10, 120), AgentSays(p, me, Pick(DemoTemplates.Working)));
                }
                else if (variant == 0 && Chance(0.5))
                {
                    s.Then(Hours(4, 30), CustomerSays(p, Pick(DemoTemplates.Nudges)));
                }
                break;

            case TicketStatus.Pending:
                Ask(p, me);
                break;

            case TicketStatus.OnHold:
                if (Chance(0.5))
                {
                    AskAndAnswer(p, me);
                }
                Hold(p, me);
                break;

            case TicketStatus.Solved or TicketStatus.Closed:
                // Every resolution in the bank builds on the customer's answer (a quote accepted,
                // a choice made), so a finished story always has that exchange.
                AskAndAnswer(p, me);
                if (Chance(0.2))
                {
                    Hold(p, me);
                    s.Then(Hours(4, 72), (ticket, at) => ticket.ChangeStatus(TicketStatus.Open, me.Id, at));
                }
                if (Chance(0.45))
                {
                    // Solved only once the customer confirms: the resolution waits on them first.
                    s.Then(Work(p), (ticket, at) =>
                    {
                        AgentSays(p, me, t.Resolution + "\n\n" + DemoTemplates.AwaitingConfirmation)(ticket, at);
                        ticket.ChangeStatus(TicketStatus.Pending, me.Id, at);
                    });
                    s.Then(Minutes(10, 600), CustomerSays(p, Pick(DemoTemplates.Thanks)));
                    s.Then(Minutes(5, 90), (ticket, at) => ticket.ChangeStatus(TicketStatus.Solved, me.Id, at));
                }
                else
                {
                    s.Then(Work(p), (ticket, at) =>
                    {
                        AgentSays(p, me, t.Resolution)(ticket, at);
                        ticket.ChangeStatus(TicketStatus.Solved, me.Id, at);
                    });
                }
                if (Chance(0.08))
                {
                    s.Then(Hours(12, 60), CustomerSays(p, Pick(DemoTemplates.Reopens)));
                    var fix = Pick(DemoTemplates.SecondFixes);
                    s.Then(FirstResponse(p.Priority), (ticket, at) =>
                    {
                        AgentSays(p, me, fix)(ticket, at);
                        ticket.ChangeStatus(TicketStatus.Solved, me.Id, at);
                    });
                }
                break;

            default:
                throw new InvalidOperationException($"No demo story ends {p.Status}.");
        }
    }

    private void Ask(DemoTicketPlan p, DemoAgent me) =>
        p.Story.Then(Minutes(10, 180), (ticket, at) =>
        {
            AgentSays(p, me, p.Template.Question)(ticket, at);
            ticket.ChangeStatus(TicketStatus.Pending, me.Id, at);
        });

    private void AskAndAnswer(DemoTicketPlan p, DemoAgent me)
    {
        Ask(p, me);
        p.Story.Then(Minutes(15, 1200), CustomerSays(p, p.Template.Answer));
    }

    private void Hold(DemoTicketPlan p, DemoAgent me)
    {
        p.Story.Then(Minutes(30, 300), Note(me, p.Template.Hold));
        p.Story.Then(Minutes(1, 10), (ticket, at) =>
        {
            AgentSays(p, me, DemoTemplates.OnHoldCourtesy)(ticket, at);
            ticket.ChangeStatus(TicketStatus.OnHold, me.Id, at);
        });
    }

    /// <summary>
    /// Chooses when the story ends by the state it ends in (a new ticket is recent, a closed one
    /// days old), places its start before that, and keeps it inside the demo's window.
    /// </summary>
    private void PlaceInTime(DemoTicketPlan p)
    {
        var end = p.Status switch
        {
            TicketStatus.New => _now - Between(TimeSpan.FromMinutes(10), TimeSpan.FromHours(30)),
            TicketStatus.Open => _now - Between(TimeSpan.FromMinutes(20), TimeSpan.FromDays(4)),
            TicketStatus.Pending => _now - Between(TimeSpan.FromHours(2), TimeSpan.FromDays(6)),
            TicketStatus.OnHold => _now - Between(TimeSpan.FromHours(3), TimeSpan.FromDays(12)),
            // Solved less than N days ago (even once moved into the day), or it would be closed by now.
            TicketStatus.Solved => _now - Between(TimeSpan.FromMinutes(30), ClosedAfter - TimeSpan.FromDays(1)),
            _ => _now - Between(TimeSpan.FromHours(1), Window - TimeSpan.FromDays(10)) - ClosedAfter,
        };
        var start = end - p.Story.Length;
        // Customers write during the day; only outages arrive at any hour. Moving a story earlier
        // (by less than a day) keeps it in its state's time range.
        var local = start + Vietnam;
        if (p.Priority != Priority.Urgent && local.Hour is >= 22 or < 7)
        {
            var shift = TimeSpan.FromHours((local.Hour - random.Next(8, 21) + 24) % 24);
            start -= shift;
            end -= shift;
        }
        var earliest = _now - Window + TimeSpan.FromHours(1);
        if (start < earliest && p.Story.Length > TimeSpan.Zero)
        {
            p.Scale = (end - earliest) / p.Story.Length;
            start = earliest;
        }
        p.CreatedAt = DemoStory.Whole(start);
    }

    private IEnumerable<TicketStatus> StatusDeck(int count)
    {
        var deck = new List<TicketStatus>(count);
        foreach (var (status, percent) in StatusMix)
        {
            deck.AddRange(Enumerable.Repeat(status, count * percent / 100));
        }
        while (deck.Count < count)
        {
            deck.Add(TicketStatus.Closed);
        }
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deck));
        return deck;
    }

    private DemoCustomer PickRequester()
    {
        var organization = Weighted(DemoCast.Organizations.Select(o => (o, o.Weight)).ToList());
        // The demo customer's own tickets are the chosen dozen above; colleagues write the rest.
        var members = customers.Where(c => c.Organization == organization && c != demoCustomer).ToList();
        var orgAdmin = members.FirstOrDefault(c => c.User.IsOrgAdmin);
        // The org admin is the usual contact; colleagues write now and then.
        return orgAdmin is not null && Chance(0.35) ? orgAdmin : DemoCast.Pick(random, members);
    }

    private Channel PickChannel(string category) => category switch
    {
        "operations-incident" or "technical-fault" or "warranty-claim" => Weighted<Channel>(
            [(Channel.Email, 35), (Channel.Portal, 30), (Channel.Phone, 20), (Channel.Chat, 10), (Channel.Api, 5)]),
        "usage-guidance" or "training-request" => Weighted<Channel>(
            [(Channel.Portal, 35), (Channel.Chat, 30), (Channel.Email, 25), (Channel.Phone, 10)]),
        _ => Weighted<Channel>([(Channel.Email, 40), (Channel.Portal, 30), (Channel.Chat, 15), (Channel.Phone, 15)]),
    };

    private Priority Neighbour(Priority p) =>
        p == Priority.Urgent ? Priority.High
        : p == Priority.Low ? Priority.Medium
        : Chance(0.5) ? p - 1 : p + 1;

    // ---- What people write ----

    private string Opening(DemoTicketPlan p)
    {
        var body = Fill(p.Template.Body, p);
        var who = p.Requester.User;
        var org = p.Requester.Organization;
        var local = p.CreatedAt + Vietnam;
        return p.Channel switch
        {
            Channel.Chat => body,
            Channel.Phone => $"Ghi nhận cuộc gọi của {p.Requester.You} {who.Name} ({org.ShortName}) lúc {local:HH:mm}:\n{body}",
            _ => $"{Pick(DemoTemplates.Greetings)}\n\n{body}\n\n{Pick(DemoTemplates.SignOffs)}\n{who.Name}\n{org.Name}",
        };
    }

    private Action<Ticket, DateTime> CustomerSays(DemoTicketPlan p, string text) => (ticket, at) =>
    {
        var body = Fill(text, p);
        ticket.AddMessage(p.Requester.User.Id, false, p.Channel == Channel.Email ? $"{body}\n\n{p.Requester.User.Name}" : body, isInternal: false, at);
    };

    private Action<Ticket, DateTime> AgentSays(DemoTicketPlan p, DemoAgent agent, string text) => (ticket, at) =>
    {
        var body = Fill(text, p);
        if (p.Channel != Channel.Chat)
        {
            var team = agent.Staff.Team == DemoCast.SalesTeam ? "Phòng Kinh doanh và Chăm sóc khách hàng" : "Bộ phận Hỗ trợ kỹ thuật";
            body = $"Chào {p.Requester.You} {DemoCast.GivenName(p.Requester.User.Name)},\n\n{body}\n\nTrân trọng,\n{agent.User.Name}\n{team}";
        }
        ticket.AddMessage(agent.Id, true, body, isInternal: false, at);
    };

    private static Action<Ticket, DateTime> Note(DemoAgent agent, string text) =>
        (ticket, at) => ticket.AddMessage(agent.Id, true, text, isInternal: true, at);

    private string Fill(string text, DemoTicketPlan p)
    {
        var local = p.CreatedAt + Vietnam;
        var you = p.Requester.You;
        return text
            .Replace("{you}", you, StringComparison.Ordinal)
            .Replace("{You}", char.ToUpperInvariant(you[0]) + you[1..], StringComparison.Ordinal)
            .Replace("{org}", p.Requester.Organization.ShortName, StringComparison.Ordinal)
            .Replace("{domain}", p.Requester.Organization.Domain, StringComparison.Ordinal)
            .Replace("{month}", local.Month.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{lastMonth}", local.AddMonths(-1).Month.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{hour}", local.Hour.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{n}", (1000 + p.Requester.OrganizationId).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{ref}", p.Reference, StringComparison.Ordinal)
            .Replace("{fault}", p.Fault, StringComparison.Ordinal);
    }

    // ---- How long things take: urgent work is picked up in minutes, the rest within the day ----

    private TimeSpan Triage(Priority p) => p switch
    {
        Priority.Urgent => Minutes(2, 15),
        Priority.High => Minutes(5, 40),
        Priority.Medium => Minutes(10, 120),
        _ => Minutes(20, 240),
    };

    private TimeSpan FirstResponse(Priority p) => p switch
    {
        Priority.Urgent => Minutes(5, 40),
        Priority.High => Minutes(15, 180),
        Priority.Medium => Minutes(30, 360),
        _ => Minutes(60, 960),
    };

    private TimeSpan Work(DemoTicketPlan p) => p.Template.Category is "paid-work-request" or "training-request"
        ? Hours(48, 192)
        : p.Priority switch
        {
            Priority.Urgent => Minutes(30, 300),
            Priority.High => Hours(1, 18),
            _ => Hours(3, 60),
        };

    private TimeSpan Minutes(int min, int max) => TimeSpan.FromMinutes(random.Next(min, max + 1)) + TimeSpan.FromSeconds(random.Next(60));

    private TimeSpan Hours(int min, int max) => Minutes(min * 60, max * 60);

    private TimeSpan Between(TimeSpan min, TimeSpan max) => min + (max - min) * random.NextDouble();

    private bool Chance(double p) => random.NextDouble() < p;

    private string Pick(IReadOnlyList<string> items) => DemoCast.Pick(random, items);

    private T Weighted<T>(IReadOnlyList<(T Item, int Weight)> items)
    {
        var roll = random.Next(items.Sum(i => i.Weight));
        foreach (var (item, weight) in items)
        {
            if (roll < weight)
            {
                return item;
            }
            roll -= weight;
        }
        return items[^1].Item;
    }
}
