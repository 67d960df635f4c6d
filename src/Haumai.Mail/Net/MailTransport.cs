using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Haumai.Mail.Net;

/// <summary>
/// A buffered, line-oriented byte connection shared by the SMTP and IMAP clients: TCP (or any
/// stream, for tests), optional TLS from the start or by upgrade, bounded lines, exact-length reads
/// into a caller's stream, and time limits that turn into <see cref="MailTimeoutException"/>.
/// Once an operation times out, is cancelled or fails with an I/O error the transport is faulted:
/// the protocol state is unknown, so every later call fails and the owner closes it.
/// </summary>
internal sealed class MailTransport : IAsyncDisposable
{
    private const int BufferSize = 32 * 1024;

    private readonly Socket? _socket;
    private Stream _stream;
    private readonly byte[] _in = new byte[BufferSize];
    private int _inPos;
    private int _inLen;
    private readonly byte[] _out = new byte[BufferSize];
    private int _outLen;
    private bool _disposed;

    internal MailTransport(Stream stream, Socket? socket = null)
    {
        _stream = stream;
        _socket = socket;
    }

    public bool IsSecure => _stream is SslStream;

    public System.Net.EndPoint? LocalEndPoint => _socket?.LocalEndPoint;

    public SslProtocols? TlsProtocol => (_stream as SslStream)?.SslProtocol;

    public X509Certificate? RemoteCertificate => (_stream as SslStream)?.RemoteCertificate;

    /// <summary>The connection can no longer be trusted to be in step with the server.</summary>
    public bool IsFaulted { get; private set; }

    /// <summary>Unread bytes are waiting in the buffer (before a TLS upgrade that is an attack: RFC 3207 §6).</summary>
    public bool HasBufferedInput => _inPos < _inLen;

    public static async Task<MailTransport> ConnectAsync(MailClientOptions options, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        MailTransport? transport = null;
        try
        {
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                cts.CancelAfter(options.ConnectTimeout);
                try
                {
                    await socket.ConnectAsync(options.Host, options.EffectivePort, cts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new MailTimeoutException(
                        $"Connecting to {options.Host}:{options.EffectivePort} took longer than {options.ConnectTimeout}.");
                }
            }

            transport = new MailTransport(new NetworkStream(socket, ownsSocket: true), socket);
            if (options.Tls == MailTlsMode.Implicit)
            {
                await transport.UpgradeToTlsAsync(options, ct).ConfigureAwait(false);
            }

            return transport;
        }
        catch
        {
            if (transport is not null)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Starts TLS on the connection (implicit TLS, or after the server accepted STARTTLS).</summary>
    public async Task UpgradeToTlsAsync(MailClientOptions options, CancellationToken ct)
    {
        ThrowIfFaulted();
        if (IsSecure)
        {
            throw new InvalidOperationException("The connection is already protected by TLS.");
        }

        if (HasBufferedInput)
        {
            // Anything the server sent after its "go ahead" was sent in plain text and must not be
            // read as if it came over TLS (STARTTLS command injection).
            IsFaulted = true;
            throw new MailProtocolException("The server sent data after agreeing to start TLS; the connection is closed.");
        }

        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        var authOptions = new SslClientAuthenticationOptions
        {
            TargetHost = options.TlsServerName ?? options.Host,
            RemoteCertificateValidationCallback = CertificateValidator(options),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(options.ConnectTimeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(authOptions, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            IsFaulted = true;
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new MailTimeoutException($"The TLS handshake with {options.Host} took longer than {options.ConnectTimeout}.");
        }
        catch
        {
            IsFaulted = true;
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _stream = ssl;
    }

    private static RemoteCertificateValidationCallback CertificateValidator(MailClientOptions options)
    {
        if (options.ServerCertificateValidation is { } custom)
        {
            return custom;
        }

        var trusted = options.TrustedCertificates;
        return (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            // Only an untrusted chain may be rescued by the configured roots; a wrong name or a
            // missing certificate never is.
            if (errors != SslPolicyErrors.RemoteCertificateChainErrors || trusted is not { Count: > 0 } || certificate is null)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(leaf);
        };
    }

    /// <summary>
    /// Runs one protocol step under <paramref name="timeout"/>: a timeout becomes a
    /// <see cref="MailTimeoutException"/>; a timeout, a cancellation or an I/O error faults the transport.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> step, TimeSpan timeout, string what, CancellationToken ct)
    {
        ThrowIfFaulted();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            return await step(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            IsFaulted = true;
            throw new MailTimeoutException($"{what}: no complete answer within {timeout}.");
        }
        catch (OperationCanceledException)
        {
            IsFaulted = true;
            throw;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            IsFaulted = true;
            throw;
        }
    }

    public async Task RunAsync(Func<CancellationToken, Task> step, TimeSpan timeout, string what, CancellationToken ct) =>
        await RunAsync<bool>(async token =>
        {
            await step(token).ConfigureAwait(false);
            return true;
        }, timeout, what, ct).ConfigureAwait(false);

    /// <summary>Marks the transport unusable (after a protocol violation the caller detected).</summary>
    public void Fault() => IsFaulted = true;

    private void ThrowIfFaulted()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsFaulted)
        {
            throw new InvalidOperationException("The connection failed earlier (timeout, cancellation or protocol error) and cannot be used; open a new one.");
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        if (_inPos < _inLen)
        {
            return true;
        }

        _inPos = 0;
        _inLen = await _stream.ReadAsync(_in.AsMemory(), ct).ConfigureAwait(false);
        return _inLen > 0;
    }

    /// <summary>The next byte without consuming it, or -1 at the end of the stream.</summary>
    public async ValueTask<int> PeekByteAsync(CancellationToken ct) =>
        _inPos < _inLen ? _in[_inPos] : await FillAsync(ct).ConfigureAwait(false) ? _in[_inPos] : -1;

    /// <summary>The next byte, or -1 at the end of the stream.</summary>
    public async ValueTask<int> ReadByteAsync(CancellationToken ct)
    {
        if (_inPos < _inLen || await FillAsync(ct).ConfigureAwait(false))
        {
            return _in[_inPos++];
        }

        return -1;
    }

    /// <summary>
    /// One line without its terminator (CRLF, or a bare LF from a sloppy server), decoded as UTF-8.
    /// A line longer than <paramref name="maxLength"/> bytes is a <see cref="MailProtocolException"/>.
    /// </summary>
    public async ValueTask<string> ReadLineAsync(int maxLength, CancellationToken ct)
    {
        byte[]? spill = null;
        var spillLen = 0;
        while (true)
        {
            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                throw new MailConnectionClosedException("The server closed the connection.");
            }

            var span = _in.AsSpan(_inPos, _inLen - _inPos);
            var lf = span.IndexOf((byte)'\n');
            var take = lf >= 0 ? lf : span.Length;
            if (spillLen + take > maxLength + 1)
            {
                IsFaulted = true;
                throw new MailProtocolException($"The server sent a line longer than {maxLength} bytes.");
            }

            if (lf >= 0 && spill is null)
            {
                var line = span[..lf];
                _inPos += lf + 1;
                if (line.Length > 0 && line[^1] == '\r')
                {
                    line = line[..^1];
                }

                return Encoding.UTF8.GetString(line);
            }

            spill ??= new byte[Math.Min(maxLength + 2, BufferSize * 2)];
            if (spill.Length < spillLen + take)
            {
                Array.Resize(ref spill, Math.Min(maxLength + 2, Math.Max(spill.Length * 2, spillLen + take)));
            }

            span[..take].CopyTo(spill.AsSpan(spillLen));
            spillLen += take;
            _inPos += take;
            if (lf >= 0)
            {
                _inPos++;
                var len = spillLen > 0 && spill[spillLen - 1] == '\r' ? spillLen - 1 : spillLen;
                return Encoding.UTF8.GetString(spill, 0, len);
            }
        }
    }

    /// <summary>Copies exactly <paramref name="count"/> bytes to <paramref name="destination"/> (or drops them when null).</summary>
    public async ValueTask ReadExactlyAsync(Stream? destination, long count, CancellationToken ct)
    {
        while (count > 0)
        {
            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                throw new MailConnectionClosedException($"The server closed the connection with {count} bytes of a literal still due.");
            }

            var n = (int)Math.Min(count, _inLen - _inPos);
            if (destination is not null)
            {
                await destination.WriteAsync(_in.AsMemory(_inPos, n), ct).ConfigureAwait(false);
            }

            _inPos += n;
            count -= n;
        }
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_outLen == _out.Length)
            {
                throw new InvalidOperationException("Write buffer full: flush first (use WriteAsync for large data).");
            }

            var n = Math.Min(data.Length, _out.Length - _outLen);
            data[..n].CopyTo(_out.AsSpan(_outLen));
            _outLen += n;
            data = data[n..];
        }
    }

    public void Write(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= 1024)
        {
            Span<byte> buffer = stackalloc byte[max];
            Write(buffer[..Encoding.UTF8.GetBytes(text, buffer)]);
        }
        else
        {
            Write(Encoding.UTF8.GetBytes(text));
        }
    }

    /// <summary>Buffers <paramref name="data"/>, sending whenever the buffer fills (for bulk transfers).</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            if (_outLen == _out.Length)
            {
                await FlushAsync(ct).ConfigureAwait(false);
            }

            var n = Math.Min(data.Length, _out.Length - _outLen);
            data.Span[..n].CopyTo(_out.AsSpan(_outLen));
            _outLen += n;
            data = data[n..];
        }
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        ThrowIfFaulted();
        if (_outLen > 0)
        {
            var n = _outLen;
            _outLen = 0;
            await _stream.WriteAsync(_out.AsMemory(0, n), ct).ConfigureAwait(false);
        }

        await _stream.FlushAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        IsFaulted = true;
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Closing a broken connection: nothing left to tell anyone.
        }

        _socket?.Dispose();
    }
}
