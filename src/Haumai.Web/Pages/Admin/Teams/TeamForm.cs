using System.Globalization;
using Haumai.Web.Data;
using Haumai.Web.Features.Teams;
using Haumai.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Haumai.Web.Pages.Admin.Teams;

/// <summary>The fields of the team form (new and edit) and the choices it offers.</summary>
public sealed class TeamForm
{
    public string? Name { get; set; }
    public string? Slug { get; set; }
    public string? Assignment { get; set; } = "manual";
    public string? Calendar { get; set; } = Team.DefaultCalendar;

    public SaveTeam.Request ToRequest() => new(Slug?.Trim(), Name, Assignment, Calendar);

    public static TeamForm From(Team team) => new()
    {
        Name = team.Name,
        Slug = team.Slug,
        Assignment = Value(team.Assignment),
        Calendar = team.CalendarSlug,
    };

    /// <summary>How the form and the API write a mode: manual, round_robin, least_loaded.</summary>
    public static string Value(AssignmentMode mode) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(mode.ToString());

    public static string Label(AssignmentMode mode, IStringLocalizer<AdminText> text) => mode switch
    {
        AssignmentMode.RoundRobin => text["Round robin"],
        AssignmentMode.LeastLoaded => text["Least loaded"],
        _ => text["Manual"],
    };
}

public sealed record CalendarChoice(string Slug, string Name)
{
    /// <summary>The business calendars a team can work by, named in the reader's language.</summary>
    public static async Task<IReadOnlyList<CalendarChoice>> LoadAsync(HaumaiDb db, CancellationToken ct)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return (await db.Calendars.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Slug, c.Name, c.NameEn }).ToListAsync(ct))
            .Select(c => new CalendarChoice(c.Slug, english ? c.NameEn : c.Name)).ToList();
    }
}
