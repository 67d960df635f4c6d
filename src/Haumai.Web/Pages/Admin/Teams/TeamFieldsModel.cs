namespace Haumai.Web.Pages.Admin.Teams;

/// <summary>What _TeamFields.cshtml shows: the form's values, whether the team is new, and the calendars.</summary>
public sealed record TeamFieldsModel(TeamForm Form, bool IsNew, IReadOnlyList<CalendarChoice> Calendars)
{
    /// <summary>Two fields a row on the new-team page; one a row in the narrow card of the team's page.</summary>
    public string Column => IsNew ? "col-md-6" : "col-12";
}
