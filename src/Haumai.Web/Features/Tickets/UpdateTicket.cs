using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Haumai.Web.Features.Eta;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Workspace;
using Haumai.Web.Infrastructure;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Tickets;

/// <summary>
/// PATCH a ticket: status (T4 rules enforced by the entity), priority, category, assignee, team,
/// tags, and the ETA (T6, staff only): an ISO-8601 moment with its offset, or null to go back to the
/// computed one. A field left out is left alone; <c>"assigneeId": null</c> unassigns. Customers may
/// only mark their own ticket solved.
/// </summary>
public static partial class UpdateTicket
{
    /// <summary>The documented shape of the body (for OpenAPI); the handler reads the JSON itself to tell "null" from "absent".</summary>
    public sealed record Request(string? Status, string? Priority, string? Category, int? AssigneeId, int? TeamId, IReadOnlyList<string>? Tags, DateTimeOffset? Eta = null);

    public sealed record Changes(
        TicketStatus? Status,
        Priority? Priority,
        bool HasCategory, string? Category,
        bool HasAssignee, int? AssigneeId,
        bool HasTeam, int? TeamId,
        IReadOnlyList<string>? Tags,
        bool HasEta = false, DateTimeOffset? Eta = null);

    private static readonly HashSet<string> Known = ["status", "priority", "category", "assigneeId", "teamId", "tags", "eta"];

    /// <summary>The offset must be written out: a bare local time would be read in the server's zone, a promise to the wrong hour.</summary>
    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndsWithOffset();

    /// <summary>Turns the body into <see cref="Changes"/>, or names the field that is wrong.</summary>
    public static (Changes? Changes, Dictionary<string, string[]> Errors) Parse(JsonElement body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["The body must be a JSON object."];
            return (null, errors);
        }
        TicketStatus? status = null;
        Priority? priority = null;
        string? category = null;
        int? assignee = null, team = null;
        bool hasCategory = false, hasAssignee = false, hasTeam = false, hasEta = false;
        DateTimeOffset? eta = null;
        List<string>? tags = null;
        foreach (var p in body.EnumerateObject())
        {
            switch (p.Name)
            {
                case "status":
                    if (p.Value.ValueKind == JsonValueKind.String && Enums.TryParse<TicketStatus>(p.Value.GetString(), out var s)) status = s;
                    else errors["status"] = [$"Status must be one of: {Enums.Names<TicketStatus>()}."];
                    break;
                case "priority":
                    if (p.Value.ValueKind == JsonValueKind.String && Enums.TryParse<Priority>(p.Value.GetString(), out var pr)) priority = pr;
                    else errors["priority"] = [$"Priority must be one of: {Enums.Names<Priority>()}."];
                    break;
                case "category":
                    hasCategory = true;
                    if (p.Value.ValueKind == JsonValueKind.String) category = p.Value.GetString();
                    else if (p.Value.ValueKind != JsonValueKind.Null) errors["category"] = ["Category is a category's slug, or null."];
                    break;
                case "assigneeId":
                    hasAssignee = true;
                    if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var a)) assignee = a;
                    else if (p.Value.ValueKind != JsonValueKind.Null) errors["assigneeId"] = ["The assignee is a user id, or null to unassign."];
                    break;
                case "teamId":
                    hasTeam = true;
                    if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var t)) team = t;
                    else if (p.Value.ValueKind != JsonValueKind.Null) errors["teamId"] = ["The team is a team id, or null."];
                    break;
                case "tags":
                    if (p.Value.ValueKind == JsonValueKind.Array && p.Value.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String))
                    {
                        tags = p.Value.EnumerateArray().Select(x => x.GetString()!).ToList();
                        if (tags.Count > Ticket.MaxTags) errors["tags"] = [$"At most {Ticket.MaxTags} tags."];
                        else if (tags.Any(x => string.IsNullOrWhiteSpace(x) || x.Trim().Length > Ticket.MaxTagLength))
                            errors["tags"] = [$"Each tag is 1 to {Ticket.MaxTagLength} characters."];
                    }
                    else errors["tags"] = ["Tags are an array of strings."];
                    break;
                case "eta":
                    hasEta = true;
                    if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { } text && text.Contains('T', StringComparison.OrdinalIgnoreCase)
                        && EndsWithOffset().IsMatch(text)
                        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)) eta = at;
                    else if (p.Value.ValueKind != JsonValueKind.Null) errors["eta"] = ["The ETA is an ISO-8601 date and time with its offset (2026-12-01T17:00:00+07:00), or null to go back to the computed one."];
                    break;
                default:
                    errors[p.Name] = [$"Unknown field. Known fields: {string.Join(", ", Known)}."];
                    break;
            }
        }
        return errors.Count > 0
            ? (null, errors)
            : (new Changes(status, priority, hasCategory, category, hasAssignee, assignee, hasTeam, team, tags, hasEta, eta), errors);
    }

    public enum Outcome { Updated, NotFound, Forbidden, Invalid }

    public sealed class Handler(HaumaiDb db, CurrentUser user, TicketAccess access, TicketSla sla, TicketEta eta, TimeProvider clock, IQueueNotifier queue)
    {
        public async Task<(Outcome Outcome, string? Field, string? Error)> HandleAsync(long id, Changes changes, int? expectedVersion, CancellationToken ct)
        {
            var ticket = await (await access.VisibleAsync(ct)).Include(t => t.Tags).FirstOrDefaultAsync(t => t.Id == id, ct);
            if (ticket is null)
            {
                return (Outcome.NotFound, null, null);
            }
            if (expectedVersion is { } v && v != ticket.Version)
            {
                throw new DbUpdateConcurrencyException("The ticket's version is not the one the client read.");
            }
            if (!user.IsStaff)
            {
                var onlySolve = changes is { Status: TicketStatus.Solved, Priority: null, HasCategory: false, HasAssignee: false, HasTeam: false, Tags: null, HasEta: false };
                if (!onlySolve)
                {
                    return (Outcome.Forbidden, null, "Customers can only mark their ticket solved.");
                }
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var actor = user.Id;

            if (changes.HasTeam && changes.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
            {
                return (Outcome.Invalid, "teamId", $"There is no team {teamId}.");
            }
            if (changes.HasCategory)
            {
                int? categoryId = null;
                if (changes.Category is { } slug)
                {
                    var s = slug.Trim().ToLowerInvariant();
                    categoryId = await db.Categories.Where(c => c.Slug == s && c.IsActive).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
                    if (categoryId is null)
                    {
                        return (Outcome.Invalid, "category", $"There is no active category '{slug}'.");
                    }
                }
                ticket.ChangeCategory(categoryId, actor, now);
            }
            if (changes.HasTeam)
            {
                ticket.MoveToTeam(changes.TeamId, actor, now);
            }
            if (changes.HasAssignee && changes.AssigneeId is { } assigneeId)
            {
                var assignee = await db.Users.AsNoTracking().Where(u => u.Id == assigneeId)
                    .Select(u => new { u.Role, u.IsActive }).FirstOrDefaultAsync(ct);
                if (assignee is null || assignee.Role == Role.Customer || !assignee.IsActive)
                {
                    return (Outcome.Invalid, "assigneeId", $"User {assigneeId} is not an active agent.");
                }
                if (ticket.TeamId is { } team && !await db.TeamMembers.AnyAsync(m => m.TeamId == team && m.UserId == assigneeId, ct))
                {
                    return (Outcome.Invalid, "assigneeId", $"User {assigneeId} is not a member of the ticket's team.");
                }
            }
            if (changes.HasAssignee)
            {
                ticket.Assign(changes.AssigneeId, actor, now);
            }
            if (changes.Priority is { } priority)
            {
                ticket.ChangePriority(priority, actor, now);
            }
            if (changes.Tags is { } tags)
            {
                ticket.SetTags(tags, actor, now);
            }
            if (changes.Status is { } status)
            {
                ticket.ChangeStatus(status, actor, now);
            }
            if (changes.HasEta)
            {
                if (changes.Eta is not { } at)
                {
                    await eta.BackToComputedAsync(ticket, actor, ct);
                }
                else if (!ticket.IsOpen)
                {
                    return (Outcome.Invalid, "eta", "A solved or closed ticket has no ETA.");
                }
                else if (at.UtcDateTime <= now)
                {
                    return (Outcome.Invalid, "eta", "The ETA must be in the future.");
                }
                else
                {
                    eta.SetManual(ticket, at.UtcDateTime, actor);
                }
            }
            await sla.RefreshAsync(ticket, ct);
            await eta.RefreshAsync(ticket, ct);
            await db.SaveChangesAsync(ct);
            queue.Changed(ticket, QueueChangeKind.Updated);
            return (Outcome.Updated, null, null);
        }
    }
}
