using System.Globalization;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure;
using Haumai.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Workspace;

/// <summary>
/// The queue's bulk actions: assign the selected tickets (to me, to an agent, or to nobody), move
/// them to a status, or add a tag. Each ticket goes through <see cref="UpdateTicket.Handler"/> on its
/// own, exactly as if it had been changed alone, so that the rules, the history, the SLA clocks and
/// the live queue all stay right; one ticket's refusal does not stop the others, and the answer
/// says which failed and why.
/// </summary>
public static class BulkUpdate
{
    public const int MaxTickets = ListQueue.MaxLimit;

    public enum Action { Assign, Status, Tag }

    /// <param name="Assignee">"me", "none" or a user id (for <see cref="Action.Assign"/>).</param>
    public sealed record Request(IReadOnlyList<long>? Ids, string? Action, string? Assignee, string? Status, string? Tag);

    /// <summary>Why the whole request was refused before any ticket was touched.</summary>
    public enum RequestProblem { NoTickets, TooManyTickets, UnknownAction, NoAssignee, NotAnAgent, UnknownStatus, NoTag, TagTooLong }

    /// <summary>Why one ticket was not changed.</summary>
    public enum Failure
    {
        /// <summary>The ticket does not exist or the agent may not see it.</summary>
        NotFound,
        NotTeamMember,
        StatusNotAllowed,
        Closed,
        TooManyTags,
        /// <summary>Someone else saved the ticket at the same moment.</summary>
        Conflict,
    }

    public sealed record Failed(long TicketId, Failure Reason, TicketStatus? From = null);

    public sealed record Result(RequestProblem? Problem, int Succeeded, IReadOnlyList<Failed> Failures)
    {
        public static Result Refused(RequestProblem problem) => new(problem, 0, []);
    }

    public sealed class Handler(IServiceScopeFactory scopes, CurrentUser user, WorkspaceDirectory directory)
    {
        public async Task<Result> HandleAsync(Request request, CancellationToken ct)
        {
            var ids = request.Ids?.Distinct().ToList() ?? [];
            if (ids.Count == 0)
            {
                return Result.Refused(RequestProblem.NoTickets);
            }
            if (ids.Count > MaxTickets)
            {
                return Result.Refused(RequestProblem.TooManyTickets);
            }
            if (!Enums.TryParse<Action>(request.Action, out var action))
            {
                return Result.Refused(RequestProblem.UnknownAction);
            }

            UpdateTicket.Changes? changes = null;
            string? tag = null;
            switch (action)
            {
                case Action.Assign:
                    int? assignee;
                    switch (request.Assignee?.Trim())
                    {
                        case null or "":
                            return Result.Refused(RequestProblem.NoAssignee);
                        case "none":
                            assignee = null;
                            break;
                        case "me":
                            assignee = user.Id;
                            break;
                        case var a when int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                                        && (await directory.StaffAsync(ct)).Any(s => s.Id == id):
                            assignee = id;
                            break;
                        default:
                            return Result.Refused(RequestProblem.NotAnAgent);
                    }
                    changes = Only() with { HasAssignee = true, AssigneeId = assignee };
                    break;
                case Action.Status:
                    if (!Enums.TryParse<TicketStatus>(request.Status, out var status))
                    {
                        return Result.Refused(RequestProblem.UnknownStatus);
                    }
                    changes = Only() with { Status = status };
                    break;
                case Action.Tag:
                    if (string.IsNullOrWhiteSpace(request.Tag))
                    {
                        return Result.Refused(RequestProblem.NoTag);
                    }
                    tag = Ticket.NormalizeTag(request.Tag);
                    if (tag.Length > Ticket.MaxTagLength)
                    {
                        return Result.Refused(RequestProblem.TagTooLong);
                    }
                    break;
            }

            var succeeded = 0;
            var failures = new List<Failed>();
            foreach (var id in ids)
            {
                var failure = await UpdateOneAsync(id, changes, tag, ct);
                if (failure is null)
                {
                    succeeded++;
                }
                else
                {
                    failures.Add(failure);
                }
            }
            return new Result(null, succeeded, failures);
        }

        /// <summary>
        /// One ticket in a scope of its own: a ticket that fails leaves nothing half-changed in a
        /// shared DbContext for the next one to save by accident.
        /// </summary>
        private async Task<Failed?> UpdateOneAsync(long id, UpdateTicket.Changes? changes, string? tag, CancellationToken ct)
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var visible = await services.GetRequiredService<TicketAccess>().VisibleAsync(ct);
            var current = await visible.AsNoTracking().Where(t => t.Id == id)
                .Select(t => new { t.Status, t.Version, Tags = t.Tags.Select(x => x.Name).ToList() })
                .FirstOrDefaultAsync(ct);
            if (current is null)
            {
                return new Failed(id, Failure.NotFound);
            }
            int? expectedVersion = null;
            if (tag is not null)
            {
                if (current.Tags.Contains(tag))
                {
                    return null;
                }
                if (current.Tags.Count >= Ticket.MaxTags)
                {
                    return new Failed(id, Failure.TooManyTags);
                }
                // Tags are replaced as a whole: the version makes sure no tag added meanwhile is dropped.
                changes = Only() with { Tags = [.. current.Tags, tag] };
                expectedVersion = current.Version;
            }
            try
            {
                var (outcome, field, _) = await services.GetRequiredService<UpdateTicket.Handler>().HandleAsync(id, changes!, expectedVersion, ct);
                return outcome switch
                {
                    UpdateTicket.Outcome.Updated => null,
                    UpdateTicket.Outcome.Invalid when field == "assigneeId" => new Failed(id, Failure.NotTeamMember),
                    _ => new Failed(id, Failure.NotFound),
                };
            }
            catch (TicketRuleException rule)
            {
                return new Failed(id, rule.Code == "ticket-closed" ? Failure.Closed : Failure.StatusNotAllowed, current.Status);
            }
            catch (DbUpdateConcurrencyException)
            {
                return new Failed(id, Failure.Conflict);
            }
        }

        private static UpdateTicket.Changes Only() => new(null, null, false, null, false, null, false, null, null);
    }
}
