using FluentValidation;
using Haumai.Web.Data;
using Haumai.Web.Features.Calendars;
using Haumai.Web.Features.Identity;
using Haumai.Web.Infrastructure;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Haumai.Web.Features.Teams;

public static class TeamEndpoints
{
    public sealed record CreateRequest(string? Slug, string? Name, string? Assignment, string? Calendar = null);

    public sealed record MemberRequest(bool Lead);

    public sealed record MemberResponse(int UserId, bool Lead);

    public sealed record TeamResponse(int Id, string Slug, string Name, AssignmentMode Assignment, string Calendar, IReadOnlyList<MemberResponse> Members);

    public sealed class CreateValidator : AbstractValidator<CreateRequest>
    {
        public CreateValidator()
        {
            RuleFor(r => r.Slug).NotEmpty().MaximumLength(64).Matches("^[a-z0-9][a-z0-9-]*$").WithMessage("A slug is lower-case letters, digits and dashes.");
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Assignment).Must(a => a is null || Enums.TryParse<AssignmentMode>(a, out _))
                .WithMessage("Assignment must be manual, round_robin or least_loaded.");
        }
    }

    public static IServiceCollection AddTeams(this IServiceCollection services) =>
        services.AddSingleton<IValidator<CreateRequest>, CreateValidator>()
            .AddScoped<SaveTeam.Handler>()
            .AddScoped<SetTeamMember.Handler>()
            .AddScoped<RemoveTeamMember.Handler>()
            .AddSingleton<IValidator<SaveTeam.Request>, SaveTeam.Validator>();

    public static IEndpointRouteBuilder MapTeamEndpoints(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/api/v1/teams").WithTags("Teams");

        teams.MapGet("/", async (HaumaiDb db, CancellationToken ct) => TypedResults.Ok(
            (await db.Teams.AsNoTracking().Include(t => t.Members).OrderBy(t => t.Id).ToListAsync(ct)).Select(Response).ToList()))
            .WithName("ListTeams").RequireAuthorization(AuthSetup.StaffPolicy);

        teams.MapPost("/", async Task<Results<Created<TeamResponse>, ValidationProblem>> (CreateRequest request, HaumaiDb db, ICalendarSource calendars, CancellationToken ct) =>
        {
            var slug = request.Slug!.Trim().ToLowerInvariant();
            if (await db.Teams.AnyAsync(t => t.Slug == slug, ct))
            {
                return Validation.Problem("slug", $"The slug '{slug}' is taken.");
            }
            var calendar = request.Calendar ?? Team.DefaultCalendar;
            if (await calendars.FindAsync(calendar, ct) is null)
            {
                return Validation.Problem("calendar", $"There is no calendar '{calendar}'.");
            }
            var team = new Team(slug, request.Name!, request.Assignment is { } a ? Enums.Parse<AssignmentMode>(a) : AssignmentMode.Manual, calendar);
            db.Teams.Add(team);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/v1/teams/{team.Id}", Response(team));
        }).WithName("CreateTeam").Validate<CreateRequest>().RequireAuthorization(AuthSetup.AdminPolicy);

        teams.MapPut("/{id:int}/members/{userId:int}", async Task<Results<Ok<TeamResponse>, ProblemHttpResult, ValidationProblem>> (int id, int userId, MemberRequest? request, HaumaiDb db, CancellationToken ct) =>
        {
            var team = await db.Teams.Include(t => t.Members).FirstOrDefaultAsync(t => t.Id == id, ct);
            if (team is null)
            {
                return Problems.NotFoundResult($"There is no team {id}.");
            }
            if (!await db.Users.AnyAsync(u => u.Id == userId && u.Role != Role.Customer, ct))
            {
                return Validation.Problem("userId", $"User {userId} is not an agent or admin.");
            }
            team.AddMember(userId, request?.Lead ?? false);
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(Response(team));
        }).WithName("PutTeamMember").RequireAuthorization(AuthSetup.AdminPolicy);

        teams.MapDelete("/{id:int}/members/{userId:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, int userId, HaumaiDb db, CancellationToken ct) =>
        {
            var team = await db.Teams.Include(t => t.Members).FirstOrDefaultAsync(t => t.Id == id, ct);
            if (team is null)
            {
                return Problems.NotFoundResult($"There is no team {id}.");
            }
            team.RemoveMember(userId);
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        }).WithName("DeleteTeamMember").RequireAuthorization(AuthSetup.AdminPolicy);

        return app;
    }

    private static TeamResponse Response(Team t) =>
        new(t.Id, t.Slug, t.Name, t.Assignment, t.CalendarSlug, t.Members.Select(m => new MemberResponse(m.UserId, m.IsLead)).ToList());
}
