using System.Text.Json.Serialization;
using Haumai.Web.Features.Eta;
using Haumai.Web.Features.Organizations;
using Haumai.Web.Features.Sla;

namespace Haumai.Web.Features.Tickets;

public sealed record PersonRef(int Id, string Name, string Email);

public sealed record OrganizationRef(int Id, string Name, Plan Plan);

/// <summary>A ticket as a row of the queue, with the nearest due time of its running SLA clocks (T5).</summary>
public sealed record TicketSummary(
    long Id,
    string Number,
    string Subject,
    TicketStatus Status,
    Priority Priority,
    string? Category,
    Channel Channel,
    PersonRef Requester,
    OrganizationRef? Organization,
    int? AssigneeId,
    int? TeamId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? SlaDueAt = null);

public sealed record QueuePage(IReadOnlyList<TicketSummary> Items, string? NextCursor);

/// <param name="ContentId">For the pages' cid: images (E6); not part of the API.</param>
public sealed record AttachmentResponse(long Id, string FileName, string ContentType, long Length, long? MessageId, DateTime CreatedAt, string Url,
    [property: JsonIgnore] string? ContentId = null);

/// <param name="BodyHtml">
/// The sender's original HTML, for the pages to sanitise as they show it (E6). Never in the API's
/// JSON: a client that displayed it as it is would run whatever the sender put in it.
/// </param>
public sealed record MessageResponse(long Id, PersonRef Author, string Body, bool Internal, DateTime CreatedAt, IReadOnlyList<AttachmentResponse> Attachments,
    [property: JsonIgnore] string? BodyHtml = null);

public sealed record EventResponse(long Id, string Type, int? ActorId, string? Data, DateTime CreatedAt);

/// <summary>A ticket whole: what the ticket page and the API's GET show.</summary>
public sealed record TicketResponse(
    long Id,
    string Number,
    string Subject,
    TicketStatus Status,
    Priority Priority,
    string? Category,
    Channel Channel,
    PersonRef Requester,
    OrganizationRef? Organization,
    PersonRef? Assignee,
    int? TeamId,
    IReadOnlyList<string> Tags,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? SolvedAt,
    DateTime? ClosedAt,
    int Version,
    IReadOnlyList<MessageResponse> Messages,
    IReadOnlyList<EventResponse>? Events,
    SlaResponse? Sla = null,
    EtaResponse? Eta = null,
    long? FollowUpOf = null);
