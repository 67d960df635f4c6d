using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Identity;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Teams;
using Haumai.Web.Features.Workspace;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Tickets;

/// <summary>
/// T1: a ticket from the API (or the portal, or an agent logging a phone call). The category
/// routes it to a team and gives its default priority; the team's mode may assign it at once.
/// </summary>
public static class CreateTicket
{
    public sealed record RequesterInput(string? Email, string? Name);

    public sealed record Request(
        string? Subject,
        string? Body,
        string? Priority,
        string? Category,
        RequesterInput? Requester,
        string? Channel,
        IReadOnlyList<string>? Tags);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Subject).NotEmpty().WithMessage("A subject is required.")
                .MaximumLength(Ticket.MaxSubjectLength);
            RuleFor(r => r.Body).NotEmpty().WithMessage("A description is required.")
                .MaximumLength(TicketMessage.MaxBodyLength);
            RuleFor(r => r.Priority).Must(p => p is null || Enums.TryParse<Priority>(p, out _))
                .WithMessage("Priority must be one of: urgent, high, medium, low.");
            RuleFor(r => r.Channel).Must(c => c is null || Enums.TryParse<Channel>(c, out _))
                .WithMessage("Channel must be one of: portal, email, chat, api, phone.");
            RuleFor(r => r.Category).MaximumLength(64);
            RuleFor(r => r.Requester!.Email).NotEmpty().EmailAddress().MaximumLength(320)
                .When(r => r.Requester is not null).WithName("requester.email");
            RuleFor(r => r.Requester!.Name).MaximumLength(200).When(r => r.Requester is not null).WithName("requester.name");
            RuleFor(r => r.Tags).Must(t => t is null || t.Count <= Ticket.MaxTags)
                .WithMessage($"At most {Ticket.MaxTags} tags.");
            RuleForEach(r => r.Tags).NotEmpty().MaximumLength(Ticket.MaxTagLength);
        }
    }

    public sealed class Handler(HaumaiDb db, CurrentUser user, AutoAssignment assignment, TicketSla sla, Eta.TicketEta eta, TimeProvider clock, IQueueNotifier queue)
    {
        /// <summary>Creates and saves the ticket, or returns the field that makes the request invalid.</summary>
        public async Task<Result> HandleAsync(Request request, Channel defaultChannel, CancellationToken ct)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            User requester;
            if (!user.IsStaff)
            {
                var myId = user.Id;
                requester = await db.Users.Include(u => u.Organization).FirstAsync(u => u.Id == myId, ct);
                if (request.Requester?.Email is { } email && User.NormalizeEmail(email) != requester.Email)
                {
                    return Result.Invalid("requester.email", "Customers open tickets for themselves only.");
                }
                if (request.Channel is not null)
                {
                    return Result.Invalid("channel", "Only staff set the channel.");
                }
            }
            else if (request.Requester?.Email is { } email)
            {
                requester = await FindOrCreateCustomer.HandleAsync(db, email, request.Requester.Name, now, organizationForNew: null, ct);
                if (!requester.IsActive)
                {
                    return Result.Invalid("requester.email", "That requester's account is deactivated.");
                }
            }
            else
            {
                return Result.Invalid("requester", "Staff must say who the ticket is for (requester.email).");
            }

            // The category and, in the same query, how its team hands out tickets.
            CategoryRoute? route = null;
            if (request.Category is { } slug)
            {
                var s = slug.Trim().ToLowerInvariant();
                route = await db.Categories.AsNoTracking()
                    .Where(c => c.Slug == s && c.IsActive)
                    .Select(c => new CategoryRoute(c.Id, c.Slug, c.TeamId, c.DefaultPriority,
                        db.Teams.Where(t => t.Id == c.TeamId).Select(t => (AssignmentMode?)t.Assignment).FirstOrDefault()))
                    .FirstOrDefaultAsync(ct);
                if (route is null)
                {
                    return Result.Invalid("category", $"There is no active category '{slug}'.");
                }
            }

            var channel = request.Channel is { } ch ? Enums.Parse<Channel>(ch) : defaultChannel;
            var priority = request.Priority is { } p ? Enums.Parse<Priority>(p) : route?.DefaultPriority ?? Priority.Medium;
            var me = user.Id;
            var ticket = new Ticket(request.Subject!, requester.Id, requester.OrganizationId, channel, route?.Id, priority, route?.TeamId, me, now);
            db.Tickets.Add(ticket);
            ticket.AddDescription(me, request.Body!, now);
            if (request.Tags is { Count: > 0 } tags)
            {
                ticket.SetTags(tags, me, now);
            }
            await sla.RefreshAsync(ticket, ct);
            await eta.RefreshAsync(ticket, ct);
            Mail.Outbox.OutboxMail.EnqueueAcknowledgement(db, ticket, requester, now); // E4: the acknowledgement commits with the ticket

            if (route is { TeamId: { } teamId, Assignment: not (null or AssignmentMode.Manual) })
            {
                // Choosing the agent reads the team's state (last served, open loads) and writes it:
                // one transaction, so that two tickets at once don't go to the same "next" agent.
                await using var tx = db.Database.CurrentTransaction is null ? await db.BeginWriteTransactionAsync(ct) : null;
                if (await assignment.ChooseAsync(teamId, ct) is { } agent)
                {
                    ticket.Assign(agent, null, now);
                }
                await db.SaveChangesAsync(ct);
                if (tx is not null)
                {
                    await tx.CommitAsync(ct);
                }
            }
            else
            {
                await db.SaveChangesAsync(ct);
            }
            queue.Changed(ticket, QueueChangeKind.Created);
            return new Result(ticket, requester, route?.Slug, null, null);
        }
    }

    private sealed record CategoryRoute(int Id, string Slug, int? TeamId, Priority DefaultPriority, AssignmentMode? Assignment);

    /// <summary>The saved ticket with what its answer needs, or the field that was wrong.</summary>
    public sealed record Result(Ticket? Ticket, User? Requester, string? CategorySlug, string? Field, string? Error)
    {
        public static Result Invalid(string field, string error) => new(null, null, null, field, error);
    }
}
