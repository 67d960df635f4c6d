using Bogus;

namespace Haumai.Bench;

/// <summary>
/// The synthetic help desk: a few hundred organizations (free and paid), a few thousand customers,
/// about twenty agents in the two seeded teams, and tickets whose mix follows a mature desk: most
/// work solved or closed, 10-15% open, open work concentrated among recent tickets.
/// Deterministic for a given seed, so two runs load the same data.
/// </summary>
public sealed class DataFactory
{
    public const int Organizations = 300;
    public const int Customers = 4000;

    private static readonly (string Status, double Weight)[] OpenStatuses = [("New", 25), ("Open", 40), ("Pending", 20), ("OnHold", 15)];
    private static readonly (int Priority, double Weight)[] Priorities = [(1, 5), (2, 20), (3, 40), (4, 35)];
    private static readonly (string Channel, double Weight)[] Channels = [("Portal", 30), ("Email", 40), ("Chat", 10), ("Api", 10), ("Phone", 10)];
    private static readonly Dictionary<string, double> CategoryWeights = new()
    {
        ["usage-guidance"] = 20, ["technical-fault"] = 20, ["question"] = 15, ["operations-incident"] = 12, ["complaint"] = 5,
        ["training-request"] = 5, ["warranty-claim"] = 6, ["paid-work-request"] = 5, ["sales-enquiry"] = 10,
    };

    private readonly Random _random;
    private readonly IReadOnlyList<CategoryInfo> _categories;
    private readonly double[] _categoryWeights;
    private readonly Dictionary<int, int[]> _agentsByTeam = [];
    private readonly int[] _allAgents;
    private readonly UserRow[] _customers;
    private readonly DateTime _start;
    private readonly DateTime _end;
    private readonly int _total;
    private readonly double? _openShare;
    private long _nextMessageId = 1;
    private long _nextEventId = 1;

    public ReferenceData Reference { get; }

    public DataFactory(int seed, int totalTickets, IReadOnlyList<TeamInfo> teams, IReadOnlyList<CategoryInfo> categories, DateTime now, double? openShare = null)
    {
        _openShare = openShare;
        _random = new Random(seed);
        Randomizer.Seed = new Random(seed);
        _total = totalTickets;
        _categories = categories;
        _categoryWeights = [.. categories.Select(c => CategoryWeights.GetValueOrDefault(c.Slug, 5))];
        _end = now.AddHours(-1);
        _start = _end.AddYears(-3);
        Reference = BuildReference(teams, now);
        _customers = [.. Reference.Users.Where(u => u.Role == "Customer")];
        _allAgents = [.. Reference.Users.Where(u => u.Role == "Agent").Select(u => u.Id)];
        foreach (var group in Reference.TeamMembers.GroupBy(m => m.TeamId))
        {
            _agentsByTeam[group.Key] = [.. group.Select(m => m.UserId)];
        }
    }

    /// <summary>A sample of customer addresses for the load test's requesters.</summary>
    public IEnumerable<string> RequesterEmails(int count) => _customers.Take(count).Select(c => c.Email);

    private ReferenceData BuildReference(IReadOnlyList<TeamInfo> teams, DateTime now)
    {
        var faker = new Faker("vi");
        var orgs = new List<OrganizationRow>(Organizations);
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        for (var id = 1; id <= Organizations; id++)
        {
            var name = faker.Company.CompanyName();
            var slug = Vietnamese.Ascii(name, '-');
            if (slug.Length is 0 or > 56 || !slugs.Add(slug))
            {
                slug = $"{(slug.Length > 48 ? slug[..48] : slug)}-{id}".TrimStart('-');
                slugs.Add(slug);
            }
            // Roughly 40% of organizations pay: they get SLAs and are most of the volume.
            orgs.Add(new OrganizationRow(id, slug, name, _random.NextDouble() < 0.4 ? "Paid" : "Free", _start.AddDays(-_random.Next(1, 400))));
        }

        var users = new List<UserRow>(Customers + 32);
        var emails = new HashSet<string>(StringComparer.Ordinal);
        var nextId = 1;
        string Email(string name, string domain)
        {
            var local = Vietnamese.Ascii(name, '.');
            var email = $"{local}@{domain}";
            for (var n = 2; !emails.Add(email); n++)
            {
                email = $"{local}{n}@{domain}";
            }
            return email;
        }

        // ~20 agents: 12 technical, 8 sales (other teams, if an admin added some, get none).
        var members = new List<TeamMemberRow>();
        foreach (var (team, count) in teams.Select(t => (t, t.Slug switch { "technical" => 12, "sales" => 8, _ => 0 })))
        {
            for (var i = 0; i < count; i++)
            {
                var name = faker.Name.FullName();
                var id = nextId++;
                users.Add(new UserRow(id, Email(name, "haumai.vn"), name, "Agent", null, false, _start.AddDays(-_random.Next(30, 200))));
                members.Add(new TeamMemberRow(team.Id, id, i == 0));
            }
        }
        for (var i = 0; i < Customers; i++)
        {
            var name = faker.Name.FullName();
            // 85% of customers belong to an organization; the rest write from personal mailboxes.
            OrganizationRow? org = _random.NextDouble() < 0.85 ? orgs[Skewed(orgs.Count)] : null;
            var email = Email(name, org is null ? (_random.Next(3) == 0 ? "yahoo.com.vn" : "gmail.com") : org.Slug + ".vn");
            users.Add(new UserRow(nextId++, email, name, "Customer", org?.Id, org is not null && _random.NextDouble() < 0.05,
                _start.AddDays(_random.Next(0, 900))));
        }
        return new ReferenceData(orgs, users, members);
    }

    /// <summary>Index in [0, count) with a long tail: a few big customers open most tickets.</summary>
    private int Skewed(int count) => (int)(count * Math.Pow(_random.NextDouble(), 2.2));

    private T Pick<T>((T Value, double Weight)[] items)
    {
        var total = 0.0;
        foreach (var item in items)
        {
            total += item.Weight;
        }
        var x = _random.NextDouble() * total;
        foreach (var item in items)
        {
            x -= item.Weight;
            if (x < 0)
            {
                return item.Value;
            }
        }
        return items[^1].Value;
    }

    private CategoryInfo? PickCategory()
    {
        // 2% arrive without a category (e.g. by email) and so without a team.
        if (_random.NextDouble() < 0.02)
        {
            return null;
        }
        var x = _random.NextDouble() * _categoryWeights.Sum();
        for (var i = 0; i < _categories.Count; i++)
        {
            x -= _categoryWeights[i];
            if (x < 0)
            {
                return _categories[i];
            }
        }
        return _categories[^1];
    }

    public TicketChunk Chunk(long firstIndex, int count)
    {
        var chunk = new TicketChunk();
        var span = (_end - _start).Ticks;
        var step = span / _total;
        for (var i = firstIndex; i < firstIndex + count; i++)
        {
            AddTicket(chunk, i, _start.AddTicks(i * step + _random.NextInt64(Math.Max(1, step))));
        }
        return chunk;
    }

    private void AddTicket(TicketChunk chunk, long index, DateTime created)
    {
        var id = 10001 + index;
        var customer = _customers[Skewed(_customers.Length)];
        var category = PickCategory();
        var teamId = category?.TeamId;
        // Agents re-prioritise, so the stored mix is the desk's (5/20/40/35), not the categories' defaults.
        var priority = Pick(Priorities);
        var channel = Pick(Channels);
        var age = _end - created;
        // Open work is mostly recent: the newest 3% of tickets are 60% open, older ones 10%.
        var isRecent = index >= _total * 0.97;
        // --open-share overrides the mix (1.0: all open, the SLA recompute's worst case).
        var open = _random.NextDouble() < (_openShare ?? (isRecent ? 0.6 : 0.1));
        var status = open ? Pick(OpenStatuses) : age < TimeSpan.FromDays(14) || _random.NextDouble() < 0.05 ? "Solved" : "Closed";
        var teamAgents = teamId is { } t && _agentsByTeam.TryGetValue(t, out var a) ? a : _allAgents;
        int? assignee = status == "New" && _random.NextDouble() < 0.7 ? null : teamAgents[_random.Next(teamAgents.Length)];
        var agent = assignee ?? teamAgents[_random.Next(teamAgents.Length)];
        var author = channel == "Phone" ? agent : customer.Id;

        var time = created;
        DateTime Later(double maxHours)
        {
            time = time.AddMinutes(1 + _random.NextDouble() * maxHours * 60);
            if (time > _end)
            {
                time = _end;
            }
            return time;
        }
        var events = chunk.Events;
        var firstEvent = events.Count;
        var categoryJson = category is null ? "null" : category.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var teamJson = teamId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";
        events.Add(new EventRow(_nextEventId++, id, author, "created",
            $$"""{"channel":"{{channel.ToLowerInvariant()}}","priority":"{{PriorityName(priority)}}","categoryId":{{categoryJson}},"teamId":{{teamJson}}}""", created));
        chunk.Messages.Add(new MessageRow(_nextMessageId++, id, author, Body(), false, created));
        if (assignee is { } who)
        {
            events.Add(new EventRow(_nextEventId++, id, agent, "assigned", $$"""{"from":null,"to":{{who}}}""", Later(2)));
        }

        DateTime? solvedAt = null;
        DateTime? closedAt = null;
        if (status != "New")
        {
            // A conversation of 1-4 more messages: the agent answers (new → open), the customer
            // and agent alternate, sometimes with an internal note.
            var replies = _random.Next(1, 5);
            var current = "New";
            for (var r = 0; r < replies; r++)
            {
                var fromStaff = r % 2 == 0;
                var isNote = fromStaff && r > 0 && _random.NextDouble() < 0.15;
                var at = Later(fromStaff ? 8 : 24);
                chunk.Messages.Add(new MessageRow(_nextMessageId++, id, fromStaff ? agent : customer.Id, Body(), isNote, at));
                events.Add(new EventRow(_nextEventId++, id, fromStaff ? agent : customer.Id, isNote ? "note_added" : "reply_added", null, at));
                if (fromStaff && !isNote && current == "New")
                {
                    events.Add(new EventRow(_nextEventId++, id, agent, "status_changed", """{"from":"new","to":"open"}""", at));
                    current = "Open";
                }
            }
            if (current == "New")
            {
                events.Add(new EventRow(_nextEventId++, id, agent, "status_changed", """{"from":"new","to":"open"}""", Later(1)));
                current = "Open";
            }
            var path = status switch
            {
                "Pending" or "OnHold" or "Solved" => [status],
                "Closed" => ["Solved", "Closed"],
                _ => Array.Empty<string>(),
            };
            foreach (var to in path)
            {
                var at = Later(to == "Closed" ? 96 : 24);
                events.Add(new EventRow(_nextEventId++, id, to == "Closed" ? null : agent, "status_changed",
                    $$"""{"from":"{{StatusName(current)}}","to":"{{StatusName(to)}}"}""", at));
                current = to;
                if (to == "Solved")
                {
                    solvedAt = at;
                }
                else if (to == "Closed")
                {
                    closedAt = at;
                }
            }
        }
        chunk.Tickets.Add(new TicketRow(id, Vietnamese.Subjects[_random.Next(Vietnamese.Subjects.Length)], customer.Id, customer.OrganizationId,
            channel, category?.Id, priority, status, open, assignee, teamId, created, time, solvedAt, closedAt, events.Count - firstEvent - 1));
    }

    private string Body() => Vietnamese.Bodies[_random.Next(Vietnamese.Bodies.Length)];

    private static string PriorityName(int priority) => priority switch { 1 => "urgent", 2 => "high", 3 => "medium", _ => "low" };

    private static string StatusName(string status) => status == "OnHold" ? "on_hold" : status.ToLowerInvariant();
}
