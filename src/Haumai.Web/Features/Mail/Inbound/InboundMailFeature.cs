using Haumai.Web.Infrastructure.Auth;
using Haumai.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haumai.Web.Features.Mail.Inbound;

/// <summary>
/// Inbound mail (issue 5, E1/E3/E5): the HTTP entry a mail gateway posts raw messages to, the
/// admin's view of parked messages, and the IMAP mailboxes (<see cref="MailboxEndpoints"/>, read by
/// <see cref="MailboxPoller"/>). <c>mail ingest</c> and <c>mail import</c> are the CLI entries.
/// </summary>
public static class InboundMailFeature
{
    public static IServiceCollection AddInboundMail(this IServiceCollection services)
    {
        services.AddOptions<InboundMailOptions>().BindConfiguration("Mail:Inbound");
        services.AddScoped<IngestMail.Handler>();
        services.AddScoped<ListInboundMessages.Handler>();
        services.AddSingleton<MailboxSecrets>();
        services.AddScoped<SaveMailbox.Handler>();
        services.AddSingleton<FluentValidation.IValidator<SaveMailbox.Request>, SaveMailbox.Validator>();
        services.AddScoped<PollMailbox.Handler>();
        services.AddScoped<RecoverInboundMessages.Handler>();
        services.AddHostedService<MailboxPoller>();
        return services;
    }

    public sealed record Accepted(long Id, string State);

    public static WebApplication MapInboundMailEndpoints(this WebApplication app)
    {
        var inbound = app.MapGroup("/api/v1/inbound").WithTags("Inbound mail").RequireAuthorization(AuthSetup.AdminPolicy);

        // The size is checked here against the option (the endpoint opts out of the global limit).
        inbound.MapPost("/email", async (HttpContext http, IngestMail.Handler handler, IOptions<InboundMailOptions> options, CancellationToken ct) =>
        {
            var contentType = http.Request.ContentType?.Split(';')[0].Trim();
            if (!string.Equals(contentType, "message/rfc822", StringComparison.OrdinalIgnoreCase))
            {
                return Results.Problem(statusCode: 415, type: Problems.UnsupportedMediaType, title: "Unsupported media type",
                    detail: "Post the raw message with Content-Type: message/rfc822.");
            }
            var max = options.Value.MaxMessageBytes;
            var tooLarge = $"A message may be at most {Tickets.UploadAttachment.FormatSize(max)}.";
            if (http.Request.ContentLength > max)
            {
                return Problems.TooLargeResult(tooLarge);
            }
            var raw = await ReadCappedAsync(http.Request.Body, max, ct);
            if (raw is null)
            {
                return Problems.TooLargeResult(tooLarge);
            }
            if (raw.Length == 0)
            {
                return Results.Problem(statusCode: 400, type: Problems.Validation, title: "Empty message", detail: "The body is empty.");
            }
            var stored = await handler.StoreAsync(raw, InboundSource.Http, ct);
            // Stored and committed: the sender may forget it now. Processing follows in this request,
            // and what fails there is parked, not answered as an error (the message is safe either way).
            var result = await handler.ProcessAsync(stored.Id, ct);
            return Results.Json(new Accepted(stored.Id, result.Outcome.ToString().ToLowerInvariant()), statusCode: 202);
        }).WithMetadata(new DisableRequestSizeLimitAttribute());

        inbound.MapGet("/messages", async (string? state, int? limit, ListInboundMessages.Handler handler, CancellationToken ct) =>
        {
            InboundState? filter = null;
            if (state is not null)
            {
                if (!Enum.TryParse<InboundState>(state, ignoreCase: true, out var parsed) || int.TryParse(state, out _))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["State must be one of: received, processed, parked, ignored."] },
                        type: Problems.Validation);
                }
                filter = parsed;
            }
            return Results.Ok(await handler.HandleAsync(filter, limit ?? 50, ct));
        });

        inbound.MapPost("/messages/{id:long}/retry", async (long id, Data.HaumaiDb db, IngestMail.Handler handler, CancellationToken ct) =>
        {
            if (!await db.Set<InboundMessage>().AnyAsync(m => m.Id == id, ct))
            {
                return Problems.NotFoundResult($"There is no inbound message {id}.");
            }
            var result = await handler.ProcessAsync(id, ct);
            return Results.Ok(new { id, outcome = result.Outcome.ToString().ToLowerInvariant(), result.TicketId, result.Reason });
        });
        return app;
    }

    /// <summary>The whole stream, or null as soon as it passes <paramref name="max"/> bytes.</summary>
    public static async Task<byte[]?> ReadCappedAsync(Stream source, long max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > max)
            {
                return null;
            }
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
