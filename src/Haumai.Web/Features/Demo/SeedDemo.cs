using System.Diagnostics;
using System.Globalization;
using Haumai.Web.Data;
using Haumai.Web.Features.Categories;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.CannedResponses;
using Haumai.Web.Features.Teams;
using Haumai.Web.Features.Tickets;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Demo;

/// <summary>
/// <c>haumai seed-demo</c>: a realistic demo of a Vietnamese web and hosting agency's helpdesk —
/// customer organizations (free and paid, some with contracts), agents in the two teams, and a
/// few hundred tickets over the last 60 days in every state, written through the entities' own
/// methods so that each ticket's history is the one the application itself would have recorded.
/// Running it again changes nothing.
/// </summary>
public static class SeedDemo
{
    public const string DefaultPassword = "Haumai@2026";
    public const string AdminEmail = "admin@demo.haumai.vn";
    public const string AgentEmail = "agent@demo.haumai.vn";
    public const string CustomerEmail = "khachhang@demo.haumai.vn";
    public const int TicketCount = 300;

    /// <summary>Fixed, so that every fresh demo tells the same stories (only the dates follow today).</summary>
    private const int RandomSeed = 2026;

    /// <summary>The demo's organizations: their tickets are the demo's tickets.</summary>
    public static IReadOnlyList<string> OrganizationSlugs { get; } = DemoCast.Organizations.Select(o => o.Slug).ToList();

    public enum Outcome { Seeded, AlreadyThere, Refused }

    public sealed class Handler(HaumaiDb db, IPasswordHasher<User> hasher, TimeProvider clock, Sla.TicketSla sla)
    {
        /// <summary>Seeds the demo. <see cref="Outcome.Refused"/> means nothing was changed and the lines say why.</summary>
        public async Task<(Outcome Outcome, IReadOnlyList<string> Lines)> HandleAsync(string password, CancellationToken ct)
        {
            if (string.IsNullOrEmpty(password) || password.Length < CreateUser.MinPasswordLength)
            {
                return (Outcome.Refused, [$"password: the demo password needs at least {CreateUser.MinPasswordLength} characters. Nothing was changed."]);
            }
            if (await DemoExistsAsync(ct))
            {
                return (Outcome.AlreadyThere, AlreadyThere());
            }
            if (await LeftoversAsync(ct) is { Count: > 0 } leftovers)
            {
                return (Outcome.Refused,
                [
                    $"Part of a demo is already in this database ({string.Join(", ", leftovers)}) but not its admin {AdminEmail}.",
                    "Seed the demo into a fresh database. Nothing was changed.",
                ]);
            }

            var started = Stopwatch.GetTimestamp();
            var now = clock.GetUtcNow().UtcDateTime;
            Summary summary;
            // All or nothing: a demo half written by an interrupted run would block the next one.
            await using (var tx = await db.BeginWriteTransactionAsync(ct))
            {
                try
                {
                    summary = await SeedAsync(password, now, ct);
                    await tx.CommitAsync(ct);
                }
                catch (DbUpdateException)
                {
                    await tx.RollbackAsync(CancellationToken.None);
                    db.ChangeTracker.Clear();
                    // Two runs at once: the other one's demo is as good as ours.
                    if (await DemoExistsAsync(ct))
                    {
                        return (Outcome.AlreadyThere, AlreadyThere());
                    }
                    throw;
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }
            // The demo's open tickets get their SLA due times, so the queue can be sorted by them, and
            // their alarms: the scanner then announces the breaches of the overdue ones, as it would have.
            await sla.RecomputeOpenTicketsAsync(ct);
            return (Outcome.Seeded, Report(summary, password, Stopwatch.GetElapsedTime(started)));
        }

        private Task<bool> DemoExistsAsync(CancellationToken ct) => db.Users.AnyAsync(u => u.Email == AdminEmail, ct);

        private async Task<List<string>> LeftoversAsync(CancellationToken ct)
        {
            var slugs = DemoCast.Organizations.Select(o => o.Slug).ToList();
            var found = await db.Organizations.Where(o => slugs.Contains(o.Slug)).Select(o => o.Slug).ToListAsync(ct);
            var suffix = "@" + DemoCast.MailDomain;
            var subdomain = "." + DemoCast.MailDomain;
            found.AddRange(await db.Users.Where(u => u.Email.EndsWith(suffix) || u.Email.EndsWith(subdomain))
                .OrderBy(u => u.Id).Select(u => u.Email).Take(5).ToListAsync(ct));
            return found;
        }

        private async Task<Summary> SeedAsync(string password, DateTime now, CancellationToken ct)
        {
            var random = new Random(RandomSeed);
            var today = DateOnly.FromDateTime(now + DemoTickets.Vietnam);

            var organizations = AddOrganizations(random, now, today);
            await db.SaveChangesAsync(ct);

            // Every demo account has the same, published password: one salted hash serves them all.
            // Hashing it per account would cost seconds (the hash is slow on purpose) and protect nothing.
            var hash = hasher.HashPassword(new User(AdminEmail, "demo", Role.Admin, now), password);
            var staff = AddStaff(random, now, hash);
            var (customers, demoCustomer) = AddCustomers(random, organizations, hash);
            await db.SaveChangesAsync(ct);

            var teams = await JoinTeamsAsync(staff, ct);
            AddCannedResponses(teams, now);
            await db.SaveChangesAsync(ct);

            var slugs = DemoTemplates.CategorySlugs;
            var categories = await db.Categories.AsNoTracking().Where(c => slugs.Contains(c.Slug)).ToDictionaryAsync(c => c.Slug, ct);
            var writer = new DemoTickets(random, now, customers, demoCustomer, staff.Where(s => s.Staff.Role == Role.Agent).ToList(),
                categories, teams.ToDictionary(t => t.Slug, t => t.Id));
            var plans = writer.Plan(TicketCount);
            var tickets = await writer.WriteAsync(db, plans, ct);
            return new Summary(organizations.Values.ToList(), staff, customers, demoCustomer, tickets);
        }

        /// <summary>T8: the saved replies a Vietnamese support desk types most, so the workspace has some.</summary>
        private void AddCannedResponses(List<Team> teams, DateTime now)
        {
            db.CannedResponses.Add(new CannedResponse("Chào hỏi / Greeting",
                "Chào {{customer.name}},\n\nCảm ơn anh/chị đã liên hệ. Chúng tôi đã nhận yêu cầu {{ticket.number}} và đang xử lý.\n\nTrân trọng,\n{{agent.name}}",
                null, now));
            db.CannedResponses.Add(new CannedResponse("Xin thêm thông tin / Need more details",
                "Chào {{customer.name}},\n\nĐể xử lý yêu cầu {{ticket.number}}, anh/chị vui lòng gửi thêm ảnh chụp màn hình lỗi và thời điểm xảy ra.\n\nTrân trọng,\n{{agent.name}}",
                null, now));
            db.CannedResponses.Add(new CannedResponse("Đã khắc phục / Fixed",
                "Chào {{customer.name}},\n\nSự cố trong yêu cầu {{ticket.number}} đã được khắc phục. Sự cố đã sửa được bảo hành vô thời hạn: nếu tái diễn, anh/chị chỉ cần trả lời thư này.\n\nTrân trọng,\n{{agent.name}}",
                null, now));
            if (teams.FirstOrDefault(t => t.Slug == "technical") is { } technical)
            {
                db.CannedResponses.Add(new CannedResponse("Khởi động lại dịch vụ / Service restarted",
                    "Chào {{customer.name}},\n\nChúng tôi đã khởi động lại dịch vụ. Anh/chị vui lòng kiểm tra lại và phản hồi giúp chúng tôi.\n\n{{agent.name}}",
                    technical.Id, now));
            }
        }

        private Dictionary<DemoOrganization, Organization> AddOrganizations(Random random, DateTime now, DateOnly today)
        {
            var contracts = DemoCast.Organizations
                .Where(o => o.Contract is not null)
                .OrderByDescending(o => o.Contract!.StartedDaysAgo)
                .ToList();
            var perYear = new Dictionary<int, int>();
            var numbers = new Dictionary<DemoOrganization, string>();
            foreach (var o in contracts)
            {
                var year = today.AddDays(-o.Contract!.StartedDaysAgo).Year;
                perYear[year] = perYear.GetValueOrDefault(year) + 1;
                numbers[o] = string.Create(CultureInfo.InvariantCulture, $"HĐ-{year}-{perYear[year]:000}");
            }

            var result = new Dictionary<DemoOrganization, Organization>();
            foreach (var demo in DemoCast.Organizations)
            {
                // A customer signs up some time before their contract starts; the others over the last two years.
                var daysAgo = demo.Contract is { } c ? c.StartedDaysAgo + random.Next(3, 30) : random.Next(90, 700);
                var organization = new Organization(demo.Slug, demo.Name, demo.Plan, DemoStory.Whole(now.AddDays(-daysAgo).AddMinutes(-random.Next(600))));
                if (demo.Contract is { } contract)
                {
                    var starts = today.AddDays(-contract.StartedDaysAgo);
                    DateOnly? ends = contract.Months is { } months ? starts.AddMonths(months).AddDays(-1) : null;
                    organization.SignContract(numbers[demo], starts, ends, contract.Terms);
                }
                db.Organizations.Add(organization);
                result[demo] = organization;
            }
            return result;
        }

        private List<DemoAgent> AddStaff(Random random, DateTime now, string hash)
        {
            var staff = new List<DemoAgent>();
            foreach (var s in DemoCast.Staff)
            {
                var user = new User(s.Email, s.Name, s.Role, DemoStory.Whole(now.AddDays(-random.Next(400, 900))));
                user.SetPasswordHash(hash);
                db.Users.Add(user);
                staff.Add(new DemoAgent(user, s));
            }
            return staff;
        }

        private (List<DemoCustomer> All, DemoCustomer Demo) AddCustomers(Random random, Dictionary<DemoOrganization, Organization> organizations, string hash)
        {
            var all = new List<DemoCustomer>();
            var taken = new HashSet<string>(StringComparer.Ordinal);
            DemoCustomer? demoCustomer = null;
            foreach (var demo in DemoCast.Organizations)
            {
                var organization = organizations[demo];
                var host = $"{demo.Domain.Split('.')[0]}.{DemoCast.MailDomain}";
                // The demo customer's colleagues write the organization's other tickets: give them company.
                var count = demo == DemoCast.DemoCustomerOrganization ? 4 : random.Next(2, 5);
                for (var i = 0; i < count; i++)
                {
                    var isDemoCustomer = demo == DemoCast.DemoCustomerOrganization && i == 0;
                    var (name, female) = isDemoCustomer ? (DemoCast.DemoCustomerName, true) : DemoCast.PersonName(random);
                    var email = isDemoCustomer ? CustomerEmail : $"{DemoCast.MailboxName(name)}@{host}";
                    for (var n = 2; !taken.Add(email); n++)
                    {
                        email = $"{DemoCast.MailboxName(name)}{n}@{host}";
                    }
                    var user = new User(email, name, Role.Customer, organization.CreatedAt.AddDays(random.Next(0, 10)).AddMinutes(random.Next(600)));
                    // The first contact of each organization administers it (sees all its tickets).
                    user.JoinOrganization(organization, asOrgAdmin: i == 0);
                    user.SetPasswordHash(hash);
                    db.Users.Add(user);
                    var customer = new DemoCustomer(user, demo, organization.Id, female);
                    all.Add(customer);
                    if (isDemoCustomer)
                    {
                        demoCustomer = customer;
                    }
                }
            }
            return (all, demoCustomer!);
        }

        /// <summary>
        /// The first migration installs the two teams; an admin may have removed one since, in
        /// which case the demo brings it back rather than leave its agents without a team.
        /// </summary>
        private async Task<List<Team>> JoinTeamsAsync(List<DemoAgent> staff, CancellationToken ct)
        {
            string[] slugs = [DemoCast.TechnicalTeam, DemoCast.SalesTeam];
            var teams = await db.Teams.Include(t => t.Members).Where(t => slugs.Contains(t.Slug)).ToListAsync(ct);
            foreach (var slug in slugs.Where(s => teams.All(t => t.Slug != s)))
            {
                var team = new Team(slug, slug == DemoCast.TechnicalTeam ? "Hỗ trợ kỹ thuật" : "Kinh doanh");
                db.Teams.Add(team);
                teams.Add(team);
            }
            if (teams.Any(t => t.Id == 0))
            {
                await db.SaveChangesAsync(ct);
            }
            foreach (var agent in staff.Where(s => s.Staff.Team is not null))
            {
                teams.Single(t => t.Slug == agent.Staff.Team).AddMember(agent.Id, agent.Staff.IsLead);
            }
            return teams;
        }

        private static IReadOnlyList<string> AlreadyThere() =>
        [
            $"The demo is already there ({AdminEmail} exists). Nothing was changed.",
            $"Demo accounts: {AdminEmail} (admin), {AgentEmail} (agent), {CustomerEmail} (customer); " +
            $"their password is the one given when the demo was seeded (by default {DefaultPassword}).",
        ];

        private static IReadOnlyList<string> Report(Summary s, string password, TimeSpan elapsed)
        {
            var paid = s.Organizations.Count(o => o.Plan == Plan.Paid);
            var agents = s.Staff.Where(a => a.Staff.Role == Role.Agent).ToList();
            var t = s.Tickets;
            var states = string.Join(", ", Enum.GetValues<TicketStatus>().Select(st =>
                $"{System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(st.ToString())} {t.ByStatus.GetValueOrDefault(st)}"));
            var demoAgent = s.Staff.Single(a => a.User.Email == AgentEmail);
            var admin = s.Staff.Single(a => a.User.Email == AdminEmail);
            return
            [
                string.Create(CultureInfo.InvariantCulture, $"Demo seeded in {elapsed.TotalSeconds:0.0} s."),
                $"  Organizations: {s.Organizations.Count} ({paid} paid, {s.Organizations.Count(o => o.Contract is not null)} of them with a contract; {s.Organizations.Count - paid} free)",
                $"  Staff: 1 admin, {agents.Count} agents (technical {agents.Count(a => a.Staff.Team == DemoCast.TechnicalTeam)}, sales {agents.Count(a => a.Staff.Team == DemoCast.SalesTeam)}; leads {string.Join(", ", agents.Where(a => a.Staff.IsLead).Select(a => a.User.Name))})",
                $"  Customers: {s.Customers.Count}, each organization's first contact its org admin",
                $"  Tickets: {t.Tickets} ({states}) over the last {DemoTickets.Window.TotalDays:0} days",
                $"  Messages: {t.Messages} ({t.Notes} internal notes), history events: {t.Events}, tags: {t.Tags}",
                $"Sign in with the password {password}:",
                $"  {AdminEmail,-28} admin ({admin.User.Name})",
                $"  {AgentEmail,-28} agent, technical team ({demoAgent.User.Name})",
                $"  {CustomerEmail,-28} customer, org admin of {s.DemoCustomer.Organization.Name} ({s.DemoCustomer.User.Name})",
                $"Every other demo account (@{DemoCast.MailDomain} and its subdomains) has the same password.",
            ];
        }

        private sealed record Summary(
            IReadOnlyList<Organization> Organizations,
            IReadOnlyList<DemoAgent> Staff,
            IReadOnlyList<DemoCustomer> Customers,
            DemoCustomer DemoCustomer,
            DemoTicketStats Tickets);
    }
}
