using System.Globalization;
using Haumai.Web.Data;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Workspace;

/// <summary>
/// The ticket page's side panel (status, priority, team, assignee, tags) and its solve button. The
/// form says what the agent sees; only what differs from the ticket is sent to
/// <see cref="UpdateTicket.Handler"/>, with the version the page was drawn from: when someone else
/// saved the ticket in between, nothing is changed and the agent is asked to reload.
/// </summary>
public static class EditTicket
{
    /// <summary>
    /// The posted form. A field that is absent (null) is left alone; an empty team or assignee
    /// means none. Tags are one text, separated by commas.
    /// </summary>
    public sealed record Request(int? Version, string? Status, string? Priority, string? Team, string? Assignee, string? Tags);

    public enum Outcome { Saved, Unchanged, NotFound, Conflict, Invalid }

    public enum Problem { NoVersion, UnknownStatus, UnknownPriority, UnknownTeam, UnknownAssignee, NotTeamMember, TooManyTags, TagTooLong, StatusNotAllowed, Closed }

    /// <param name="From">For <see cref="Problem.StatusNotAllowed"/>: the status the ticket is in.</param>
    /// <param name="To">For <see cref="Problem.StatusNotAllowed"/>: the status asked for.</param>
    public sealed record Result(Outcome Outcome, Problem? Problem = null, TicketStatus? From = null, TicketStatus? To = null)
    {
        public static Result Invalid(Problem problem) => new(Outcome.Invalid, problem);
    }

    /// <summary>"vpn, Khách VIP ,vpn" → ["vpn", "khách vip"].</summary>
    public static List<string> SplitTags(string text) =>
        text.Split([',', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(Ticket.NormalizeTag).Distinct().ToList();

    public sealed class Handler(HaumaiDb db, TicketAccess access, UpdateTicket.Handler update, WorkspaceDirectory directory)
    {
        public async Task<Result> HandleAsync(long id, Request request, CancellationToken ct)
        {
            var current = await (await access.VisibleAsync(ct)).AsNoTracking().Where(t => t.Id == id)
                .Select(t => new { t.Status, t.Priority, t.TeamId, t.AssigneeId, t.Version, Tags = t.Tags.Select(x => x.Name).ToList() })
                .FirstOrDefaultAsync(ct);
            if (current is null)
            {
                return new Result(Outcome.NotFound);
            }
            if (request.Version is not { } version)
            {
                return Result.Invalid(Problem.NoVersion);
            }
            if (version != current.Version)
            {
                return new Result(Outcome.Conflict);
            }

            TicketStatus? status = null;
            if (request.Status is { } s)
            {
                if (!Enums.TryParse<TicketStatus>(s, out var parsed)) return Result.Invalid(Problem.UnknownStatus);
                status = parsed == current.Status ? null : parsed;
            }
            Priority? priority = null;
            if (request.Priority is { } p)
            {
                if (!Enums.TryParse<Priority>(p, out var parsed)) return Result.Invalid(Problem.UnknownPriority);
                priority = parsed == current.Priority ? null : parsed;
            }
            var (hasTeam, teamId) = (false, (int?)null);
            if (request.Team is { } team)
            {
                if (!TryId(team, out var parsed) || (parsed is { } t && (await directory.TeamsAsync(ct)).All(x => x.Id != t)))
                {
                    return Result.Invalid(Problem.UnknownTeam);
                }
                (hasTeam, teamId) = (parsed != current.TeamId, parsed);
            }
            var (hasAssignee, assigneeId) = (false, (int?)null);
            if (request.Assignee is { } assignee)
            {
                if (!TryId(assignee, out var parsed) || (parsed is { } a && (await directory.StaffAsync(ct)).All(x => x.Id != a)))
                {
                    return Result.Invalid(Problem.UnknownAssignee);
                }
                (hasAssignee, assigneeId) = (parsed != current.AssigneeId, parsed);
            }
            List<string>? tags = null;
            if (request.Tags is { } text)
            {
                var wanted = SplitTags(text);
                if (wanted.Count > Ticket.MaxTags) return Result.Invalid(Problem.TooManyTags);
                if (wanted.Any(x => x.Length > Ticket.MaxTagLength)) return Result.Invalid(Problem.TagTooLong);
                tags = wanted.Order(StringComparer.Ordinal).SequenceEqual(current.Tags.Order(StringComparer.Ordinal)) ? null : wanted;
            }

            var changes = new UpdateTicket.Changes(status, priority, false, null, hasAssignee, assigneeId, hasTeam, teamId, tags);
            if (changes is { Status: null, Priority: null, HasAssignee: false, HasTeam: false, Tags: null })
            {
                return new Result(Outcome.Unchanged);
            }
            try
            {
                var (outcome, field, _) = await update.HandleAsync(id, changes, version, ct);
                return outcome switch
                {
                    UpdateTicket.Outcome.Updated => new Result(Outcome.Saved),
                    UpdateTicket.Outcome.Invalid when field == "assigneeId" => Result.Invalid(Problem.NotTeamMember),
                    UpdateTicket.Outcome.Invalid => Result.Invalid(Problem.UnknownTeam),
                    _ => new Result(Outcome.NotFound),
                };
            }
            catch (TicketRuleException rule)
            {
                // The entity may be half-changed in memory: drop it so that nothing else saves it.
                db.ChangeTracker.Clear();
                return rule.Code == "ticket-closed"
                    ? Result.Invalid(Problem.Closed)
                    : new Result(Outcome.Invalid, Problem.StatusNotAllowed, current.Status, status);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return new Result(Outcome.Conflict);
            }
        }

        /// <summary>An id from a select: empty means none.</summary>
        private static bool TryId(string text, out int? id)
        {
            id = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                return true;
            }
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                id = value;
                return true;
            }
            return false;
        }
    }
}
