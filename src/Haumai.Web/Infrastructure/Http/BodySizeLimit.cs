using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Haumai.Web.Infrastructure.Http;

/// <summary>
/// Refuses a body whose declared length is over the endpoint's limit before reading a byte of it,
/// with a 413 problem. Kestrel also enforces the limit while reading (for chunked bodies); this
/// answers the common case early and the same way on every server, the test server included.
/// </summary>
public static class BodySizeLimit
{
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            // Endpoint metadata wins (null there means "no limit": the endpoint checks for itself).
            var metadata = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
            var limit = metadata is not null ? metadata.MaxRequestBodySize : http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            if (limit is { } max && http.Request.ContentLength > max)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 413,
                        Type = Problems.PayloadTooLarge,
                        Title = "Request too large",
                        Detail = $"The body is {http.Request.ContentLength} bytes; this endpoint takes at most {max}.",
                    },
                });
                return;
            }
            if (limit is { } cap && http.Request.ContentLength is null && http.Request.Body.CanRead)
            {
                // A chunked body has no declared length: count it as it is read.
                http.Request.Body = new CappedStream(http.Request.Body, cap);
            }
            await next();
        });

    private sealed class CappedStream(Stream inner, long cap) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            _read += n;
            if (_read > cap)
            {
                throw new BadHttpRequestException($"The body is larger than {cap} bytes.", StatusCodes.Status413PayloadTooLarge);
            }
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
