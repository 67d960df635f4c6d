using Haumai.Web.Features.Chat;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Haumai.Web.Pages.Admin.ChatWidgets;

/// <summary>The fields of the chat widget form (new and edit): origins are typed one a line.</summary>
public sealed class ChatWidgetForm
{
    public string? Name { get; set; }
    public int? TeamId { get; set; }
    public string? AllowedOrigins { get; set; }
    public string? Color { get; set; } = "#0d6efd";
    public string? GreetingVi { get; set; }
    public string? GreetingEn { get; set; }
    // False unless posted: an unchecked box sends nothing. The new-widget page ticks both first.
    public bool RequireContact { get; set; }
    public bool IsActive { get; set; }

    // Blank lines are dropped here so that a trailing newline is not an invalid origin.
    public SaveChatWidget.Request ToRequest() => new(Name, TeamId,
        (AllowedOrigins ?? "").Split(['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        RequireContact, string.IsNullOrWhiteSpace(Color) ? null : Color.Trim(), GreetingVi, GreetingEn, IsActive);

    /// <summary>
    /// The validator names a bad origin by its index (AllowedOrigins[2]); the form has one textarea,
    /// so its errors are moved under the textarea's name, where the field shows them.
    /// </summary>
    public static void GatherOriginErrors(ModelStateDictionary state)
    {
        const string field = "Input.AllowedOrigins";
        foreach (var key in state.Keys.Where(k => k.StartsWith(field + "[", StringComparison.Ordinal)).ToList())
        {
            foreach (var error in state[key]!.Errors)
            {
                state.AddModelError(field, error.ErrorMessage);
            }
            state.Remove(key);
        }
    }

    public static ChatWidgetForm From(ChatWidget w) => new()
    {
        Name = w.Name,
        TeamId = w.TeamId,
        AllowedOrigins = string.Join('\n', w.Origins),
        Color = w.Color,
        GreetingVi = w.GreetingVi,
        GreetingEn = w.GreetingEn,
        RequireContact = w.RequireContact,
        IsActive = w.IsActive,
    };
}

/// <summary>What _ChatWidgetFields.cshtml shows: the form's values, the teams, and whether the widget is new (no "active" switch then).</summary>
public sealed record ChatWidgetFieldsModel(ChatWidgetForm Form, IReadOnlyList<TeamChoice> Teams, bool IsNew);
