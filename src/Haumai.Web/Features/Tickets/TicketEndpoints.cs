using System.Text.Json;
using Haumai.Web.Data;
using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Haumai.Web.Infrastructure.Idempotency;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Tickets;

public static class TicketEndpoints
{
    /// <summary>JSON bodies larger than this are refused with 413 (attachments have their own limit).</summary>
    public const long MaxJsonBytes = 1024 * 1024;

    public static IServiceCollection AddTickets(this IServiceCollection services)
    {
        services.AddOptions<AttachmentOptions>().BindConfiguration("Attachments").ValidateOnStart();
        services.AddScoped<TicketAccess>();
        services.AddScoped<TicketReader>();
        services.AddScoped<MessageDisplay>();
        services.AddScoped<AutoAssignment>();
        services.AddScoped<CreateTicket.Handler>();
        services.AddScoped<ListQueue.Handler>();
        services.AddScoped<UpdateTicket.Handler>();
        services.AddScoped<AddMessage.Handler>();
        services.AddScoped<UploadAttachment.Handler>();
        services.AddSingleton<FluentValidation.IValidator<CreateTicket.Request>, CreateTicket.Validator>();
        services.AddSingleton<FluentValidation.IValidator<AddMessage.Request>, AddMessage.Validator>();
        return services;
    }

    public static IEndpointRouteBuilder MapTicketEndpoints(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("/api/v1/tickets").WithTags("Tickets").RequireAuthorization(AuthSetup.ApiPolicy);

        tickets.MapPost("/", CreateAsync).WithName("CreateTicket").Validate<CreateTicket.Request>()
            .WithMetadata(new RequestSizeLimitAttribute(MaxJsonBytes))
            .Produces<TicketResponse>(StatusCodes.Status201Created);
        tickets.MapGet("/{id:long}", GetAsync).WithName("GetTicket");
        tickets.MapGet("/", ListAsync).WithName("ListTickets");
        tickets.MapPatch("/{id:long}", UpdateAsync).WithName("UpdateTicket")
            .Accepts<UpdateTicket.Request>("application/json")
            .WithMetadata(new RequestSizeLimitAttribute(MaxJsonBytes));
        tickets.MapPost("/{id:long}/messages", AddMessageAsync).WithName("AddTicketMessage").Validate<AddMessage.Request>()
            .WithMetadata(new RequestSizeLimitAttribute(MaxJsonBytes))
            .Produces<MessageResponse>(StatusCodes.Status201Created);
        tickets.MapPost("/{id:long}/attachments", UploadAsync).WithName("UploadTicketAttachment")
            .DisableAntiforgery()
            .WithMetadata(new DisableRequestSizeLimitAttribute())
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<AttachmentResponse>(StatusCodes.Status201Created);

        app.MapGet("/api/v1/attachments/{id:long}", DownloadAsync).WithTags("Tickets").WithName("DownloadAttachment")
            .RequireAuthorization(AuthSetup.ApiPolicy);
        return app;
    }

    private static Task<IResult> CreateAsync(CreateTicket.Request request, HttpContext http, IdempotentPost idempotent,
        CreateTicket.Handler handler, TicketReader reader, CurrentUser user) =>
        idempotent.RunAsync(http, request, async ct =>
        {
            var created = await handler.HandleAsync(request, Channel.Api, ct);
            if (created.Ticket is not { } ticket)
            {
                return (Validation.Problem(created.Field!, created.Error!), 400, null, null);
            }
            var requester = created.Requester!;
            var body = await reader.FromSavedAsync(ticket, user.IsStaff,
                [new PersonRef(requester.Id, requester.Name, requester.Email), new PersonRef(user.Id, user.Name, user.Email)],
                requester.Organization is { } org ? new OrganizationRef(org.Id, org.Name, org.Plan) : null,
                created.CategorySlug, ct);
            var location = $"/api/v1/tickets/{ticket.Id}";
            return (TypedResults.Created(location, body), 201, location, body);
        });

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> GetAsync(long id, HttpContext http, TicketReader reader, TicketAccess access, CurrentUser user, CancellationToken ct)
    {
        var ticket = await reader.ReadAsync(await access.VisibleAsync(ct), id, user.IsStaff, ct);
        if (ticket is null)
        {
            return NotFound(id);
        }
        SetETag(http, ticket);
        return TypedResults.Ok(ticket);
    }

    /// <summary>The ticket's version, for <c>If-Match</c> on the next PATCH.</summary>
    private static void SetETag(HttpContext http, TicketResponse ticket) =>
        http.Response.Headers.ETag = $"\"{ticket.Version}\"";

    private static async Task<Results<Ok<QueuePage>, ValidationProblem>> ListAsync(
        HaumaiDb db, CurrentUser user, ListQueue.Handler handler,
        string? view, string? sort, string? cursor, int? limit, string? team, string? assignee, string? status, string? category, string? plan,
        CancellationToken ct)
    {
        if (view is not (null or "queue"))
        {
            return Validation.Problem("view", "The only view is 'queue'.");
        }
        if (sort is not (null or "priority" or "due"))
        {
            return Validation.Problem("sort", "Sort is 'priority' (the default: urgent first, then oldest) or 'due' (nearest SLA due time first).");
        }
        if (limit is < 1 or > ListQueue.MaxLimit)
        {
            return Validation.Problem("limit", $"Limit is 1 to {ListQueue.MaxLimit}.");
        }
        ListQueue.Cursor? after = null;
        ListQueue.DueCursor? afterDue = null;
        if (cursor is not null)
        {
            // Each sort has its own cursor: one from the other sort is refused, not misread.
            if (sort == "due" && ListQueue.DueCursor.TryDecode(cursor, out var d))
            {
                afterDue = d;
            }
            else if (sort != "due" && ListQueue.Cursor.TryDecode(cursor, out var c))
            {
                after = c;
            }
            else
            {
                return Validation.Problem("cursor", "This cursor was not made by this API for this sort.");
            }
        }
        var (filter, field, error) = await ListQueue.ParseFilterAsync(db, user.Id, team, assignee, status, category, plan, ct);
        if (filter is null)
        {
            return Validation.Problem(field!, error!);
        }
        return TypedResults.Ok(sort == "due"
            ? await handler.HandleByDueAsync(filter, afterDue, limit ?? ListQueue.DefaultLimit, ct)
            : await handler.HandleAsync(filter, after, limit ?? ListQueue.DefaultLimit, ct));
    }

    private static async Task<IResult> UpdateAsync(long id, HttpContext http, UpdateTicket.Handler handler, TicketReader reader, HaumaiDb db, CurrentUser user, CancellationToken ct)
    {
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return Validation.Problem("body", $"The body is not valid JSON: {e.Message}");
        }
        var (changes, errors) = UpdateTicket.Parse(body);
        if (changes is null)
        {
            return Validation.Problem(errors);
        }
        int? expected = null;
        if (http.Request.Headers.IfMatch.FirstOrDefault() is { } etag)
        {
            if (!int.TryParse(etag.Trim('"', 'W', '/'), out var v))
            {
                return Validation.Problem("If-Match", "If-Match takes the ticket's version, as returned in its ETag.");
            }
            expected = v;
        }
        var (outcome, field, error) = await handler.HandleAsync(id, changes, expected, ct);
        return outcome switch
        {
            UpdateTicket.Outcome.NotFound => NotFound(id),
            UpdateTicket.Outcome.Forbidden => Forbidden(error!),
            UpdateTicket.Outcome.Invalid => Validation.Problem(field!, error!),
            _ => await Updated(),
        };

        async Task<IResult> Updated()
        {
            // Read past the visibility filter: an agent who just moved the ticket to another team
            // may no longer see it, but still gets the result of their own change.
            var ticket = (await reader.ReadAsync(db.Tickets, id, user.IsStaff, ct))!;
            SetETag(http, ticket);
            return TypedResults.Ok(ticket);
        }
    }

    private static Task<IResult> AddMessageAsync(long id, AddMessage.Request request, HttpContext http, IdempotentPost idempotent,
        AddMessage.Handler handler, HaumaiDb db) =>
        idempotent.RunAsync(http, new { id, request }, async ct =>
        {
            var (outcome, message, field, error) = await handler.HandleAsync(id, request, ct);
            switch (outcome)
            {
                case AddMessage.Outcome.NotFound:
                    return (NotFound(id), 404, null, null);
                case AddMessage.Outcome.Forbidden:
                    return (Forbidden(error!), 403, null, null);
                case AddMessage.Outcome.Invalid:
                    return (Validation.Problem(field!, error!), 400, null, null);
            }
            var m = message!;
            var author = await db.Users.AsNoTracking().Where(u => u.Id == m.AuthorId).Select(u => new PersonRef(u.Id, u.Name, u.Email)).FirstAsync(ct);
            var body = new MessageResponse(m.Id, author, m.Body, m.IsInternal, m.CreatedAt, m.Attachments.Select(TicketReader.Attachment).ToList());
            var location = $"/api/v1/tickets/{id}#message-{m.Id}";
            return (TypedResults.Created(location, body), 201, location, body);
        });

    private static async Task<IResult> UploadAsync(long id, HttpContext http, UploadAttachment.Handler handler, IOptions<AttachmentOptions> options, CancellationToken ct)
    {
        // The body limit is the file limit plus room for the multipart envelope.
        var maxBody = options.Value.MaxBytes + 64 * 1024;
        if (http.Request.ContentLength > maxBody)
        {
            return Problems.TooLargeResult($"Files are accepted up to {UploadAttachment.FormatSize(options.Value.MaxBytes)}.");
        }
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBody;
        }
        // A browser signed in by cookie could be tricked into posting a form here from another
        // site; bearer-token clients cannot. So cookie uploads must carry the antiforgery token.
        if (http.User.Identity?.AuthenticationType != ApiTokenAuthenticationHandler.SchemeName
            && !await http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().IsRequestValidAsync(http))
        {
            return Forbidden("The form's antiforgery token is missing or invalid.");
        }
        if (!http.Request.HasFormContentType)
        {
            return TypedResults.Problem(statusCode: 415, type: Problems.UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the file as multipart/form-data in a field named 'file'.");
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions
            {
                MultipartBodyLengthLimit = maxBody,
            }, ct);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // A chunked body has no declared length to refuse up front; the form reader finds out.
            return Problems.TooLargeResult($"Files are accepted up to {UploadAttachment.FormatSize(options.Value.MaxBytes)}.");
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            return Validation.Problem("file", "The multipart body is malformed.");
        }
        if (form.Files.GetFile("file") is not { } file)
        {
            return Validation.Problem("file", "Send the file in a form field named 'file'.");
        }
        var (outcome, attachment, error) = await handler.HandleAsync(id, file, ct);
        return outcome switch
        {
            UploadAttachment.Outcome.NotFound => NotFound(id),
            UploadAttachment.Outcome.TooLarge => Problems.TooLargeResult(error!),
            UploadAttachment.Outcome.Invalid => Validation.Problem("file", error!),
            _ => TypedResults.Created($"/api/v1/attachments/{attachment!.Id}", TicketReader.Attachment(attachment)),
        };
    }

    private static async Task<IResult> DownloadAsync(long id, HaumaiDb db, TicketAccess access, CurrentUser user, IOptions<StorageOptions> storage, CancellationToken ct)
    {
        var visible = await access.VisibleAsync(ct);
        var me = user.Id;
        var staff = user.IsStaff;
        var attachment = await db.TicketAttachments.AsNoTracking()
            .Where(a => a.Id == id && visible.Any(t => t.Id == a.TicketId))
            // Customers see files of public replies, and their own files not yet sent.
            .Where(a => staff || (a.MessageId != null && !a.Message!.IsInternal) || (a.MessageId == null && a.UploadedById == me))
            .FirstOrDefaultAsync(ct);
        if (attachment is null)
        {
            return Problems.NotFoundResult($"There is no attachment {id}.");
        }
        var path = Path.Combine(storage.Value.AttachmentsDirectory, attachment.StorageKey);
        return TypedResults.PhysicalFile(path, attachment.ContentType, attachment.FileName);
    }

    private static ProblemHttpResult NotFound(long id) =>
        Problems.NotFoundResult($"There is no ticket {id}.");

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: 403, type: Problems.Forbidden, title: "Not allowed", detail: detail);
}
