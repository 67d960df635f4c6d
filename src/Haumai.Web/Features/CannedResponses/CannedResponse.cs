namespace Haumai.Web.Features.CannedResponses;

/// <summary>
/// T8: a saved reply agents insert into a ticket instead of typing it again. Placeholders in the
/// body ({{customer.name}}, {{ticket.number}}, {{ticket.subject}}, {{agent.name}}) are filled in
/// when inserted. A response with a team is offered only on that team's tickets; without one, on all.
/// </summary>
public sealed class CannedResponse
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 10_000;

    private CannedResponse() { }

    public CannedResponse(string title, string body, int? teamId, DateTime now)
    {
        Title = title.Trim();
        Body = body;
        TeamId = teamId;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public int Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public int? TeamId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public void Change(string title, string body, int? teamId, DateTime now)
    {
        Title = title.Trim();
        Body = body;
        TeamId = teamId;
        UpdatedAt = now;
    }

    /// <summary>The body with its placeholders filled in (plain text; pages encode it).</summary>
    public static string Render(string body, string customerName, string ticketNumber, string ticketSubject, string agentName) =>
        body.Replace("{{customer.name}}", customerName, StringComparison.Ordinal)
            .Replace("{{ticket.number}}", ticketNumber, StringComparison.Ordinal)
            .Replace("{{ticket.subject}}", ticketSubject, StringComparison.Ordinal)
            .Replace("{{agent.name}}", agentName, StringComparison.Ordinal);
}
