using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;

namespace Workflows.Broker.Tests.Infrastructure;

/// <summary>
/// An AMQP peer that writes and reads frames over a bare socket, so a test can send what no well-behaved client
/// would: garbage in place of a frame, before or after the connection is open.
/// </summary>
public sealed class RawAmqpPeer : IDisposable
{
    public static readonly byte[] SaslHeader = [(byte)'A', (byte)'M', (byte)'Q', (byte)'P', 3, 1, 0, 0];
    public static readonly byte[] AmqpHeader = [(byte)'A', (byte)'M', (byte)'Q', (byte)'P', 0, 1, 0, 0];

    readonly TcpClient _tcp;
    readonly NetworkStream _stream;
    readonly CancellationToken _cancellationToken;

    RawAmqpPeer(TcpClient tcp, CancellationToken cancellationToken)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _cancellationToken = cancellationToken;
    }

    public static async Task<RawAmqpPeer> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        return new RawAmqpPeer(tcp, cancellationToken);
    }

    /// <summary>Authenticates with SASL ANONYMOUS and exchanges open frames, failing if the broker answers otherwise.</summary>
    public async Task OpenAsync()
    {
        await StartSaslAsync();
        await WriteFrameAsync(FrameType.Sasl, new SaslInit { Mechanism = "ANONYMOUS" });
        Assert.Equal(SaslCode.Ok, Assert.IsType<SaslOutcome>(await ReadFrameAsync()).OutcomeCode);
        await WriteAsync(AmqpHeader);
        Assert.Equal(AmqpHeader, await ReadExactlyAsync(AmqpHeader.Length));
        await WriteFrameAsync(FrameType.Amqp, new Open { ContainerId = "raw-peer", HostName = "127.0.0.1", MaxFrameSize = 65_536 });
        Assert.IsType<Open>(await ReadFrameAsync());
    }

    /// <summary>Sends the SASL protocol header and reads the broker's header and mechanisms.</summary>
    public async Task StartSaslAsync()
    {
        await WriteAsync(SaslHeader);
        Assert.Equal(SaslHeader, await ReadExactlyAsync(SaslHeader.Length));
        Assert.IsType<SaslMechanisms>(await ReadFrameAsync());
    }

    public async Task WriteAsync(byte[] bytes) => await _stream.WriteAsync(bytes, _cancellationToken);

    public async Task WriteFrameAsync(FrameType type, Performative command)
    {
        using var buffer = Frame.EncodeCommand(type, 0, command, 0);
        await _stream.WriteAsync(buffer.Buffer.AsMemory(buffer.Offset, buffer.Length), _cancellationToken);
    }

    /// <summary>The next frame's performative, skipping empty (heartbeat) frames; null once the broker closed the socket.</summary>
    public async Task<Performative?> ReadFrameAsync()
    {
        while (true)
        {
            var sizeBytes = await TryReadExactlyAsync(4);
            if (sizeBytes is null)
            {
                return null;
            }

            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(sizeBytes);
            var bytes = new byte[size];
            sizeBytes.CopyTo(bytes, 0);
            await _stream.ReadExactlyAsync(bytes.AsMemory(4), _cancellationToken);
            using var frame = new Frame();
            frame.Decode(new ByteBuffer(bytes, 0, bytes.Length));
            if (frame.Command is { } command)
            {
                return command;
            }
        }
    }

    /// <summary>Everything the broker sends until it closes the socket; fails the test if it never does.</summary>
    public async Task<byte[]> ReadToEndAsync()
    {
        using var received = new MemoryStream();
        try
        {
            await _stream.CopyToAsync(received, _cancellationToken);
        }
        catch (IOException)
        {
            // A reset after the broker's last bytes ends the connection as well as an orderly close.
        }

        return received.ToArray();
    }

    public void Dispose() => _tcp.Dispose();

    async Task<byte[]> ReadExactlyAsync(int count) =>
        await TryReadExactlyAsync(count) ?? throw new Xunit.Sdk.XunitException("The broker closed the connection.");

    async Task<byte[]?> TryReadExactlyAsync(int count)
    {
        var bytes = new byte[count];
        try
        {
            await _stream.ReadExactlyAsync(bytes, _cancellationToken);
            return bytes;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
