using Microsoft.Win32.SafeHandles;

namespace Haumai.Mail.Mime;

/// <summary>
/// The decoded content of a part. Small content stays in memory; once it grows past the threshold it
/// moves to a temporary file (deleted when disposed), so a 50 MB attachment never becomes a 50 MB
/// array or string. Readers get independent read-only streams.
/// </summary>
public sealed class ContentStorage : IDisposable
{
    private readonly long _threshold;
    private byte[] _memory = [];
    private SafeFileHandle? _file;
    private long _length;
    private bool _disposed;

    /// <summary>How much is gathered before one write to the temporary file.</summary>
    private const int WriteBuffer = 64 * 1024;

    /// <summary>Bytes not yet written to the temporary file, and how many bytes the file holds.</summary>
    private byte[]? _pending;
    private int _pendingLength;
    private long _written;

    internal ContentStorage(long threshold)
    {
        _threshold = threshold;
    }

    /// <summary>Creates storage over bytes already in memory (used by tests and builders).</summary>
    public static ContentStorage FromBytes(ReadOnlySpan<byte> bytes)
    {
        var storage = new ContentStorage(long.MaxValue);
        storage.Write(bytes);
        return storage;
    }

    /// <summary>The number of decoded bytes.</summary>
    public long Length => _length;

    /// <summary>True once the content was moved to a temporary file.</summary>
    public bool IsOnDisk => _file is not null;

    internal void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file is null && _length + data.Length > _threshold)
        {
            var path = Path.Combine(Path.GetTempPath(), "haumai-mime-" + Guid.NewGuid().ToString("N") + ".tmp");
            _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
            RandomAccess.Write(_file, _memory.AsSpan(0, (int)_length), 0);
            _written = _length;
            _memory = [];
        }
        if (_file is not null)
        {
            // Decoders hand over a line at a time (57 bytes of a base64 line): one write call each
            // would be a system call per line, so the bytes are gathered and written in large pieces.
            _pending ??= new byte[WriteBuffer];
            while (!data.IsEmpty)
            {
                var n = Math.Min(data.Length, _pending.Length - _pendingLength);
                data[..n].CopyTo(_pending.AsSpan(_pendingLength));
                _pendingLength += n;
                _length += n;
                data = data[n..];
                if (_pendingLength == _pending.Length)
                {
                    WritePending();
                }
            }
            return;
        }
        var needed = (int)_length + data.Length;
        if (needed > _memory.Length)
        {
            Array.Resize(ref _memory, Math.Max(needed, Math.Min(Math.Max(_memory.Length * 2, 256), (int)Math.Min(_threshold, int.MaxValue))));
        }
        data.CopyTo(_memory.AsSpan((int)_length));
        _length += data.Length;
    }

    private void WritePending()
    {
        if (_pendingLength > 0)
        {
            RandomAccess.Write(_file!, _pending.AsSpan(0, _pendingLength), _written);
            _written += _pendingLength;
            _pendingLength = 0;
        }
    }

    /// <summary>The content without a copy, when it is in memory.</summary>
    internal bool TryGetMemory(out ReadOnlySpan<byte> content)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        content = _file is null ? _memory.AsSpan(0, (int)_length) : default;
        return _file is null;
    }

    /// <summary>A new read-only stream positioned at the start of the content.</summary>
    public Stream OpenRead()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file is null)
        {
            return new MemoryStream(_memory, 0, (int)_length, writable: false);
        }
        WritePending();
        return new FileView(_file, _length);
    }

    /// <summary>All the content as one array. Prefer <see cref="OpenRead"/> for large content.</summary>
    public byte[] ToArray()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_file is null)
        {
            return _memory.AsSpan(0, (int)_length).ToArray();
        }
        WritePending();
        var bytes = new byte[_length];
        RandomAccess.Read(_file, bytes, 0);
        return bytes;
    }

    public void Dispose()
    {
        _disposed = true;
        _file?.Dispose();
        _memory = [];
        _pending = null;
    }

    /// <summary>A read-only stream over the temporary file with its own position.</summary>
    private sealed class FileView(SafeFileHandle handle, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => _position = Math.Clamp(value, 0, length);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var available = (int)Math.Min(buffer.Length, length - _position);
            if (available <= 0)
            {
                return 0;
            }
            var n = RandomAccess.Read(handle, buffer[..available], _position);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => length + offset,
            };
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
