using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Teams;

/// <summary>An admin creates a team, or renames one and changes how it assigns tickets (T7) and the calendar it works by.</summary>
public static class SaveTeam
{
    public const string SlugPattern = "^[a-z0-9][a-z0-9-]*$";

    /// <param name="Slug">Required; on update it must be the team's own (integrations refer to it).</param>
    /// <param name="Assignment">manual, round_robin or least_loaded; left out: manual for a new team, unchanged on update.</param>
    /// <param name="Calendar">A calendar's slug; left out: 24x7 for a new team, unchanged on update.</param>
    public sealed record Request(string? Slug, string? Name, string? Assignment, string? Calendar);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Slug).NotEmpty().MaximumLength(64);
            RuleFor(r => r.Slug).Matches(SlugPattern).WithMessage("A slug is lower-case letters, digits and dashes.").When(r => !string.IsNullOrEmpty(r.Slug));
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Assignment).Must(a => a is null || Enums.TryParse<AssignmentMode>(a, out _))
                .WithMessage("Assignment must be manual, round_robin or least_loaded.");
        }
    }

    public enum Outcome { Saved, NotFound, SlugTaken, SlugChanged, NoSuchCalendar }

    public sealed record Result(Outcome Outcome, Team? Team = null);

    public sealed class Handler(HaumaiDb db, ICalendarSource calendars)
    {
        public async Task<Result> CreateAsync(Request request, CancellationToken ct)
        {
            var slug = request.Slug!.Trim().ToLowerInvariant();
            if (await db.Teams.AnyAsync(t => t.Slug == slug, ct))
            {
                return new Result(Outcome.SlugTaken);
            }
            var calendar = string.IsNullOrWhiteSpace(request.Calendar) ? Team.DefaultCalendar : request.Calendar.Trim();
            if (await calendars.FindAsync(calendar, ct) is null)
            {
                return new Result(Outcome.NoSuchCalendar);
            }
            var team = new Team(slug, request.Name!, Mode(request) ?? AssignmentMode.Manual, calendar);
            db.Teams.Add(team);
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Saved, team);
        }

        public async Task<Result> UpdateAsync(int id, Request request, CancellationToken ct)
        {
            var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (team is null)
            {
                return new Result(Outcome.NotFound);
            }
            if (request.Slug!.Trim().ToLowerInvariant() != team.Slug)
            {
                return new Result(Outcome.SlugChanged, team);
            }
            if (!string.IsNullOrWhiteSpace(request.Calendar))
            {
                var calendar = request.Calendar.Trim();
                if (await calendars.FindAsync(calendar, ct) is null)
                {
                    return new Result(Outcome.NoSuchCalendar, team);
                }
                team.WorkBy(calendar);
            }
            team.Rename(request.Name!);
            if (Mode(request) is { } mode)
            {
                team.SetAssignment(mode);
            }
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Saved, team);
        }

        private static AssignmentMode? Mode(Request request) =>
            request.Assignment is { } a ? Enums.Parse<AssignmentMode>(a) : null;
    }
}
