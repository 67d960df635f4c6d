using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Sla;

/// <summary>
/// S2: an admin creates or edits an SLA policy. Every priority needs its targets, so that no ticket
/// is left without a first-response target; the calendar must exist. Saving recomputes the due
/// times of open tickets, since any of them may now fall under another policy or target.
/// </summary>
public static class SaveSlaPolicy
{
    public sealed record TargetInput(string? Priority, int? FirstResponseMinutes, int? NextResponseMinutes, int? ResolutionMinutes);

    /// <summary>Each condition left out (or null) matches any ticket.</summary>
    public sealed record ConditionsInput(string? Category, int? TeamId, string? Plan, bool? HasContract);

    /// <param name="Position">Where the policy is tried; left out, a new policy goes last (before the default) and an edited one stays put.</param>
    public sealed record Request(string? Name, string? NameEn, string? Calendar, int? Position, ConditionsInput? Conditions, IReadOnlyList<TargetInput>? Targets);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(SlaPolicy.MaxNameLength);
            RuleFor(r => r.NameEn).MaximumLength(SlaPolicy.MaxNameLength);
            RuleFor(r => r.Calendar).NotEmpty().WithMessage("A calendar slug is required (e.g. 24x7, office-hours).").MaximumLength(64);
            RuleFor(r => r.Position).InclusiveBetween(0, 1_000_000).When(r => r.Position is not null);
            RuleFor(r => r.Conditions!.Plan).Must(p => p is null || Enums.TryParse<Plan>(p, out _))
                .WithMessage($"Plan must be one of: {Enums.Names<Plan>()}.").When(r => r.Conditions is not null).WithName("conditions.plan");
            RuleFor(r => r.Conditions!.Category).MaximumLength(64).When(r => r.Conditions is not null).WithName("conditions.category");
            RuleFor(r => r.Targets).NotNull().WithMessage("Targets are required, one per priority.")
                .Must(Complete).WithMessage($"Give targets for each priority exactly once: {Enums.Names<Priority>()}.")
                .When(r => r.Targets is null || r.Targets.All(t => t is not null && Enums.TryParse<Priority>(t.Priority, out _)));
            RuleForEach(r => r.Targets).NotNull().ChildRules(t =>
            {
                t.RuleFor(x => x.Priority).Must(p => Enums.TryParse<Priority>(p, out _))
                    .WithMessage($"Priority must be one of: {Enums.Names<Priority>()}.");
                t.RuleFor(x => x.FirstResponseMinutes).NotNull().WithMessage("A first-response target is required.")
                    .InclusiveBetween(1, SlaPolicy.MaxTargetMinutes).WithMessage(Range);
                t.RuleFor(x => x.NextResponseMinutes).InclusiveBetween(1, SlaPolicy.MaxTargetMinutes).WithMessage(Range)
                    .When(x => x.NextResponseMinutes is not null);
                t.RuleFor(x => x.ResolutionMinutes).InclusiveBetween(1, SlaPolicy.MaxTargetMinutes).WithMessage(Range)
                    .When(x => x.ResolutionMinutes is not null);
            });
        }

        private const string Range = "A target is a whole number of business minutes, 1 to 527040 (a year).";

        private static bool Complete(IReadOnlyList<TargetInput>? targets) =>
            targets is not null
            && targets.Select(t => Enums.Parse<Priority>(t.Priority!)).Order().SequenceEqual(Enum.GetValues<Priority>().Order());
    }

    public enum Outcome { Saved, NotFound, Invalid }

    public sealed record Result(Outcome Outcome, SlaPolicy? Policy, string? Field, string? Error)
    {
        public static Result Invalid(string field, string error) => new(Outcome.Invalid, null, field, error);
    }

    public sealed class Handler(HaumaiDb db, ICalendarSource calendars, TicketSla sla, TimeProvider clock)
    {
        public Task<Result> CreateAsync(Request request, CancellationToken ct) => SaveAsync(null, request, ct);

        public Task<Result> UpdateAsync(int id, Request request, CancellationToken ct) => SaveAsync(id, request, ct);

        private async Task<Result> SaveAsync(int? id, Request request, CancellationToken ct)
        {
            SlaPolicy? policy = null;
            if (id is { } existing)
            {
                policy = await db.SlaPolicies.Include(p => p.Targets).FirstOrDefaultAsync(p => p.Id == existing, ct);
                if (policy is null)
                {
                    return new Result(Outcome.NotFound, null, null, null);
                }
            }
            var calendar = request.Calendar!.Trim();
            if (await calendars.FindAsync(calendar, ct) is null)
            {
                return Result.Invalid("calendar", $"There is no calendar '{calendar}'.");
            }
            var c = request.Conditions;
            int? categoryId = null;
            if (c?.Category is { } slug)
            {
                var s = slug.Trim().ToLowerInvariant();
                categoryId = await db.Categories.Where(x => x.Slug == s).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct);
                if (categoryId is null)
                {
                    return Result.Invalid("conditions.category", $"There is no category '{slug}'.");
                }
            }
            if (c?.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, ct))
            {
                return Result.Invalid("conditions.teamId", $"There is no team {teamId}.");
            }
            var conditions = new SlaTicketConditions(categoryId, c?.TeamId, c?.Plan is { } plan ? Enums.Parse<Plan>(plan) : null, c?.HasContract);
            if (policy is { IsDefault: true } && !conditions.IsEmpty)
            {
                return Result.Invalid("conditions", "The default policy applies to every ticket that no other policy takes: it has no conditions.");
            }
            var targets = request.Targets!.ToDictionary(
                t => Enums.Parse<Priority>(t.Priority!),
                t => new SlaTargets(t.FirstResponseMinutes!.Value, t.NextResponseMinutes, t.ResolutionMinutes));
            var name = request.Name!.Trim();
            var nameEn = string.IsNullOrWhiteSpace(request.NameEn) ? name : request.NameEn.Trim();
            var now = clock.GetUtcNow().UtcDateTime;

            if (policy is null)
            {
                var position = request.Position
                    ?? (await db.SlaPolicies.Where(p => !p.IsDefault).MaxAsync(p => (int?)p.Position, ct) ?? 0) + 10;
                policy = new SlaPolicy(name, nameEn, position, calendar, conditions, targets, now);
                db.SlaPolicies.Add(policy);
            }
            else
            {
                policy.Update(name, nameEn, calendar, conditions, targets, now);
                if (request.Position is { } position)
                {
                    policy.MoveTo(position, now);
                }
            }
            await db.SaveChangesAsync(ct);
            await sla.RecomputeOpenTicketsAsync(ct);
            return new Result(Outcome.Saved, policy, null, null);
        }
    }
}
