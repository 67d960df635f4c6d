namespace Haumai.Mail.Mime;

/// <summary>A node of the MIME tree (RFC 2045 §2.4 "entity"): headers plus a body of one of three shapes.</summary>
public abstract class MimeEntity
{
    private ContentType? _contentType;

    private protected MimeEntity(HeaderList headers, ContentType? defaultType)
    {
        Headers = headers;
        DefaultContentType = defaultType ?? ContentType.Default;
    }

    public HeaderList Headers { get; }

    /// <summary>The type assumed when the field is missing: text/plain, or message/rfc822 in a digest.</summary>
    internal ContentType DefaultContentType { get; }

    /// <summary>The parsed Content-Type (type and subtype lower case), or the default.</summary>
    public ContentType ContentType
    {
        get => _contentType ??= ContentType.Parse(Headers["Content-Type"], DefaultContentType);
        internal set => _contentType = value;
    }

    public ContentDisposition? ContentDisposition => ContentDisposition.Parse(Headers["Content-Disposition"]);

    /// <summary>Content-ID without its angle brackets (RFC 2392), or null.</summary>
    public string? ContentId => Headers["Content-ID"]?.Trim().Trim('<', '>').Trim() is { Length: > 0 } id ? id : null;

    /// <summary>Content-Transfer-Encoding lower case (RFC 2045 §6.1); "7bit" when absent.</summary>
    public string ContentTransferEncoding =>
        Headers["Content-Transfer-Encoding"]?.Trim().ToLowerInvariant() is { Length: > 0 } cte ? cte : "7bit";

    /// <summary>The file name: Content-Disposition's filename, else Content-Type's name (both RFC 2231/2047 decoded).</summary>
    public string? FileName => ContentDisposition?.FileName ?? ContentType.Name;

    /// <summary>
    /// True for an attachment: Content-Disposition says so (RFC 2183 §2.2), or there is no disposition
    /// but a file name on a part that is not text shown in the body.
    /// </summary>
    public virtual bool IsAttachment
    {
        get
        {
            var disposition = ContentDisposition;
            if (disposition is not null)
            {
                return disposition.IsAttachment;
            }
            return FileName is not null && !ContentType.Is("text", "plain") && !ContentType.Is("text", "html");
        }
    }
}

/// <summary>A leaf part: its content is decoded (transfer encoding removed) into <see cref="ContentStorage"/>.</summary>
public sealed class MimePart : MimeEntity, IDisposable
{
    internal MimePart(HeaderList headers, ContentType? defaultType, ContentStorage content)
        : base(headers, defaultType)
    {
        Content = content;
    }

    public ContentStorage Content { get; }

    /// <summary>The decoded bytes. For large content prefer <see cref="OpenContent"/>.</summary>
    public byte[] GetContentBytes() => Content.ToArray();

    public Stream OpenContent() => Content.OpenRead();

    /// <summary>
    /// The content as text in its declared charset; an unknown or missing charset falls back to UTF-8 when
    /// valid, else windows-1252 (<see cref="Charsets.Decode"/>).
    /// </summary>
    public string GetText() =>
        Content.TryGetMemory(out var content) ? Charsets.Decode(content, ContentType.Charset) : Charsets.Decode(Content.ToArray(), ContentType.Charset);

    public void Dispose() => Content.Dispose();
}

/// <summary>A multipart (RFC 2046 §5.1): ordered parts plus the preamble and epilogue, which carry no meaning.</summary>
public sealed class Multipart : MimeEntity
{
    internal Multipart(HeaderList headers, ContentType? defaultType)
        : base(headers, defaultType)
    {
    }

    public List<MimeEntity> Parts { get; } = new();

    public string? Boundary => ContentType.Boundary;

    internal ContentStorage? PreambleStorage { get; set; }

    internal ContentStorage? EpilogueStorage { get; set; }

    /// <summary>Text before the first boundary, or null when there was none.</summary>
    public string? Preamble => PreambleStorage is { Length: > 0 } s ? Charsets.DecodeGuess(s.ToArray()) : null;

    /// <summary>Text after the closing boundary, or null when there was none.</summary>
    public string? Epilogue => EpilogueStorage is { Length: > 0 } s ? Charsets.DecodeGuess(s.ToArray()) : null;

    public override bool IsAttachment => false;
}

/// <summary>A message/rfc822 (or message/global, RFC 6532 §3.7) part: an embedded message, parsed.</summary>
public sealed class MessagePart : MimeEntity
{
    internal MessagePart(HeaderList headers, ContentType? defaultType, MimeMessage message)
        : base(headers, defaultType)
    {
        Message = message;
    }

    public MimeMessage Message { get; }

    public override bool IsAttachment => ContentDisposition is not { IsInline: true };
}
