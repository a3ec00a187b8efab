using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace Workflows.Broker;

/// <summary>
/// The read-only corner of Service Bus's HTTP (ATOM) management API that <c>ServiceBusAdministrationClient</c>'s
/// <c>GetQueueRuntimePropertiesAsync</c> calls: <c>GET /{queue}</c> answers the queue's entry with its message counts,
/// as Service Bus counts them (active includes peek-locked messages). Plain HTTP on loopback, one request per
/// connection, any authorization accepted; every other request is answered 404 (unknown queue) or 405.
/// </summary>
internal sealed class ManagementEndpoint : IAsyncDisposable
{
    const string AtomNamespace = "http://www.w3.org/2005/Atom";
    const string ServiceBusNamespace = "http://schemas.microsoft.com/netservices/2010/10/servicebus/connect";
    const string CountsNamespace = "http://schemas.microsoft.com/netservices/2011/06/servicebus";

    readonly TcpListener _listener;
    readonly Func<string, QueueCounters?> _counters;
    readonly ILogger _logger;
    readonly CancellationTokenSource _stopping = new();
    readonly Task _accepting;

    ManagementEndpoint(TcpListener listener, Func<string, QueueCounters?> counters, ILogger logger)
    {
        _listener = listener;
        _counters = counters;
        _logger = logger;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_stopping.Token);
    }

    public int Port { get; }

    /// <param name="port">0 picks a free port.</param>
    /// <param name="counters">A queue's counters by name; null for an unknown queue.</param>
    public static ManagementEndpoint Start(IPAddress address, int port, Func<string, QueueCounters?> counters, ILogger logger)
    {
        var listener = new TcpListener(address, port);
        listener.Start();
        return new ManagementEndpoint(listener, counters, logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        _stopping.Dispose();
    }

    async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client, cancellationToken);
        }
    }

    async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
                string requestLine = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? "";
                // A GET carries no body: the headers end the request.
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)))
                {
                }

                var (status, body) = Answer(requestLine);
                byte[] content = Encoding.UTF8.GetBytes(body);
                string head = $"HTTP/1.1 {(int)status} {status}\r\nContent-Type: application/atom+xml;type=entry;charset=utf-8\r\n" +
                    $"Content-Length: {content.Length.ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                Log.RequestAnswered(_logger, requestLine, "management", (int)status);
            }
            catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                Log.ManagementRequestFailed(_logger, error);
            }
        }
    }

    (HttpStatusCode Status, string Body) Answer(string requestLine)
    {
        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || parts[0] != "GET")
        {
            return (HttpStatusCode.MethodNotAllowed, "");
        }

        string path = parts[1].Split('?')[0].Trim('/');
        return _counters(Uri.UnescapeDataString(path)) is { } counters
            ? (HttpStatusCode.OK, Entry(counters).ToString(SaveOptions.DisableFormatting))
            : (HttpStatusCode.NotFound, "");
    }

    static XElement Entry(QueueCounters counters)
    {
        XNamespace atom = AtomNamespace, sb = ServiceBusNamespace, counts = CountsNamespace;
        long active = counters.Active + counters.Locked;
        return new XElement(atom + "entry",
            new XElement(atom + "title", new XAttribute("type", "text"), counters.Queue),
            new XElement(atom + "content", new XAttribute("type", "application/xml"),
                new XElement(sb + "QueueDescription",
                    new XElement(sb + "SizeInBytes", counters.SizeBytes),
                    new XElement(sb + "MessageCount", active + counters.Scheduled + counters.DeadLettered),
                    new XElement(sb + "CountDetails",
                        new XAttribute(XNamespace.Xmlns + "d2p1", CountsNamespace),
                        new XElement(counts + "ActiveMessageCount", active),
                        new XElement(counts + "DeadLetterMessageCount", counters.DeadLettered),
                        new XElement(counts + "ScheduledMessageCount", counters.Scheduled),
                        new XElement(counts + "TransferMessageCount", 0),
                        new XElement(counts + "TransferDeadLetterMessageCount", 0)))));
    }
}
