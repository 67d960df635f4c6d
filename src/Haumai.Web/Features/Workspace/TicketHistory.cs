using System.Text.Json;
using Haumai.Web.Features.Eta;
using Haumai.Web.Features.Sla;
using Haumai.Web.Features.Tickets;
using Haumai.Web.Infrastructure;

namespace Haumai.Web.Features.Workspace;

/// <summary>
/// One line of a ticket's history as the workspace shows it: what kind of change, who and when,
/// and its before and after as values the page knows how to show in the reader's language
/// (<see cref="TicketStatus"/>, <see cref="Priority"/>, <see cref="SlaClockKind"/>, a UTC
/// <see cref="DateTime"/>, a name, a list of tags), or null.
/// </summary>
public sealed record HistoryEntry(long Id, string Type, string? Actor, DateTime At, object? From, object? To, string? Detail);

/// <summary>
/// Reads the JSON of ticket events (<see cref="TicketEventType"/>) into <see cref="HistoryEntry"/>s,
/// with ids turned into names. An event it does not know, or data it cannot read, still shows as
/// its kind, when and by whom: the history never hides a line.
/// </summary>
public static class TicketHistory
{
    public sealed record Names(
        IReadOnlyDictionary<int, string> People,
        IReadOnlyDictionary<int, string> Teams,
        IReadOnlyDictionary<int, string> Categories);

    public static IReadOnlyList<HistoryEntry> Describe(IEnumerable<EventResponse> events, Names names) =>
        events.Select(e => Describe(e, names)).ToList();

    /// <summary>The user ids an event's data mentions (assignees), so their names can be read with the actors'.</summary>
    public static IEnumerable<int> PeopleIn(EventResponse e)
    {
        if (e.Type != TicketEventType.Assigned || Parse(e.Data) is not { } data)
        {
            yield break;
        }
        if (Int(data, "from") is { } from) yield return from;
        if (Int(data, "to") is { } to) yield return to;
    }

    private static HistoryEntry Describe(EventResponse e, Names names)
    {
        var actor = e.ActorId is { } a ? names.People.GetValueOrDefault(a) : null;
        var entry = new HistoryEntry(e.Id, e.Type, actor, e.CreatedAt, null, null, null);
        if (Parse(e.Data) is not { } data)
        {
            return entry;
        }
        return e.Type switch
        {
            TicketEventType.StatusChanged => entry with { From = Enum<TicketStatus>(data, "from"), To = Enum<TicketStatus>(data, "to") },
            TicketEventType.PriorityChanged => entry with { From = Enum<Priority>(data, "from"), To = Enum<Priority>(data, "to") },
            TicketEventType.Assigned => entry with { From = Name(names.People, Int(data, "from")), To = Name(names.People, Int(data, "to")) },
            TicketEventType.TeamChanged => entry with { From = Name(names.Teams, Int(data, "from")), To = Name(names.Teams, Int(data, "to")) },
            TicketEventType.CategoryChanged => entry with { From = Name(names.Categories, Int(data, "from")), To = Name(names.Categories, Int(data, "to")) },
            TicketEventType.TagsChanged => entry with { From = Strings(data, "from"), To = Strings(data, "to") },
            TicketEventType.AttachmentAdded => entry with { Detail = String(data, "fileName") },
            TicketEventType.SlaWarning or TicketEventType.SlaBreach => entry with { From = Enum<SlaClockKind>(data, "clock") },
            EtaEventType.Changed => entry with { From = Time(data, "from"), To = Time(data, "to") },
            _ => entry,
        };
    }

    private static JsonElement? Parse(string? data)
    {
        if (string.IsNullOrEmpty(data))
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(data);
            return json.RootElement.ValueKind == JsonValueKind.Object ? json.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static object? Enum<T>(JsonElement data, string name) where T : struct, System.Enum =>
        String(data, name) is { } text && Enums.TryParse<T>(text, out var value) ? value : null;

    private static string? String(JsonElement data, string name) =>
        data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement data, string name) =>
        data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static object? Time(JsonElement data, string name) =>
        data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetDateTime(out var at)
            ? (at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime())
            : null;

    private static object? Strings(JsonElement data, string name) =>
        data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : null;

    private static string? Name(IReadOnlyDictionary<int, string> names, int? id) =>
        id is { } i ? names.GetValueOrDefault(i, "#" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
}
