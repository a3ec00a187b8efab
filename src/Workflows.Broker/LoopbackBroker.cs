using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workflows.Broker.Amqp;
using Workflows.Broker.Queues;

namespace Workflows.Broker;

/// <summary>
/// A Service Bus–compatible AMQP 1.0 broker on a loopback port, holding messages in memory, for tests and local runs
/// of the real <c>Azure.Messaging.ServiceBus</c> client. Start it with <see cref="StartAsync"/>, point clients at
/// <see cref="ConnectionString"/>, and dispose it to stop.
/// </summary>
public sealed class LoopbackBroker : IAsyncDisposable
{
    /// <summary>The SASL mechanism the Service Bus client asks for; without it the client reports a missing entity.</summary>
    const string CbsSaslMechanism = "MSSBCBS";
    const int PortAttempts = 5;
    static readonly TimeSpan MaintenanceInterval = TimeSpan.FromMilliseconds(50);

    readonly BrokerOptions _options;
    readonly Dictionary<string, BrokerQueue> _queues;
    readonly ILogger _logger;
    readonly TimeProvider _time;
    readonly ConcurrentDictionary<AmqpConnection, byte> _connections = new();
    readonly CancellationTokenSource _stopping = new();
    AmqpTransportListener? _listener;
    ManagementEndpoint? _management;
    Task _maintenance = Task.CompletedTask;
    int _stopped;

    LoopbackBroker(BrokerOptions options, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _queues = options.EffectiveQueues.ToDictionary(
            q => q.Name,
            q => new BrokerQueue(q, time),
            StringComparer.OrdinalIgnoreCase);
        Host = options.Host;
    }

    /// <summary>The loopback address the broker listens on.</summary>
    public string Host { get; }

    /// <summary>The port the broker listens on (the chosen one when <see cref="BrokerOptions.Port"/> was 0).</summary>
    public int Port { get; private set; }

    /// <summary>A connection string for <c>ServiceBusClient</c>: plain AMQP on the loopback port, any key accepted.</summary>
    public string ConnectionString => ConnectionStringFor(Port);

    /// <summary>The HTTP management endpoint's port; null unless <see cref="BrokerOptions.ManagementPort"/> was set.</summary>
    public int? ManagementPort => _management?.Port;

    /// <summary>A connection string for <c>ServiceBusAdministrationClient</c> (queue runtime properties only); null without a management endpoint.</summary>
    public string? AdministrationConnectionString => _management is { } management ? ConnectionStringFor(management.Port) : null;

    public IReadOnlyCollection<string> QueueNames => _queues.Keys;

    string ConnectionStringFor(int port) =>
        $"Endpoint=sb://{Host}:{port};SharedAccessKeyName={_options.SharedAccessKeyName};" +
        $"SharedAccessKey={_options.SharedAccessKey};UseDevelopmentEmulator=true";

    /// <summary>Starts listening; throws <see cref="OptionsValidationException"/> for invalid options (including a non-loopback host).</summary>
    public static Task<LoopbackBroker> StartAsync(BrokerOptions options, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        StartAsync(options, logger, TimeProvider.System, cancellationToken);

    internal static Task<LoopbackBroker> StartAsync(BrokerOptions options, ILogger? logger, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new BrokerOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(BrokerOptions), typeof(BrokerOptions), validation.Failures);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var broker = new LoopbackBroker(options, logger ?? NullLogger.Instance, time);
        broker.Listen();
        return Task.FromResult(broker);
    }

    /// <summary>Counters of one queue.</summary>
    public QueueCounters GetCounters(string queueName) =>
        _queues.TryGetValue(queueName, out var queue)
            ? queue.GetCounters()
            : throw new ArgumentException($"The broker has no queue '{queueName}'.", nameof(queueName));

    /// <summary>Counters of every queue.</summary>
    public IReadOnlyList<QueueCounters> GetCounters() => _queues.Values.Select(q => q.GetCounters()).ToList();

    /// <summary>One line describing the broker's state, e.g. for a health probe or a process's stdout.</summary>
    public string DescribeHealth() => $"broker healthy on {Host}:{Port}: {string.Join("; ", GetCounters())}";

    /// <summary>Stops listening, closes every connection and stops the lock and schedule timers.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _listener?.Close();
        if (_management is { } management)
        {
            await management.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var connection in _connections.Keys)
        {
            connection.SafeClose();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var counters in GetCounters())
        {
            Log.Counters(_logger, counters);
        }

        Log.BrokerStopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    void Listen()
    {
        BrokerOptionsValidator.TryParseLoopback(_options.Host, out var address);
        var settings = CreateAmqpSettings();
        for (var attempt = 1; ; attempt++)
        {
            var port = _options.Port != 0 ? _options.Port : FindFreePort(address);
            var tcp = new TcpTransportSettings { Host = address.ToString(), Port = port };
            var listener = new AmqpTransportListener([tcp.CreateListener()], settings);
            try
            {
                listener.Listen(OnTransportAccepted);
                _listener = listener;
                Port = port;
                break;
            }
            catch (SocketException error) when (_options.Port == 0 && attempt < PortAttempts && error.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                listener.Close();
            }
        }

        if (_options.ManagementPort is { } managementPort)
        {
            _management = ManagementEndpoint.Start(address, managementPort, name => _queues.TryGetValue(name, out var queue) ? queue.GetCounters() : null, _logger);
        }

        _maintenance = RunMaintenanceAsync(_stopping.Token);
        Log.BrokerStarted(_logger, Host, Port, string.Join(", ", _queues.Keys));
    }

    AmqpSettings CreateAmqpSettings()
    {
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(new AmqpVersion(1, 0, 0));
        sasl.AddHandler(new SaslAnonymousHandler(CbsSaslMechanism));
        sasl.AddHandler(new SaslAnonymousHandler());
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(new AmqpVersion(1, 0, 0));
        var settings = new AmqpSettings
        {
            RuntimeProvider = new LinkRouter(_queues, (ulong)_options.MaxMessageSizeBytes, _logger),
        };
        settings.TransportProviders.Add(sasl);
        settings.TransportProviders.Add(amqp);
        return settings;
    }

    /// <summary>Asks the OS for a free port; another process may take it before the listener binds, hence the retries.</summary>
    static int FindFreePort(IPAddress address)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    void OnTransportAccepted(TransportListener listener, TransportAsyncCallbackArgs args)
    {
        var connectionSettings = new AmqpConnectionSettings { ContainerId = "workflows-loopback-broker" };
        AmqpConnection? connection = null;
        try
        {
            connection = new AmqpConnection(args.Transport, (ProtocolHeader)args.UserToken, false, ((AmqpTransportListener)listener).AmqpSettings, connectionSettings);
            _connections[connection] = 0;
            connection.SafeAddClosed((sender, _) => OnConnectionClosed((AmqpConnection)sender!));
            connection.BeginOpen(AmqpConstants.DefaultTimeout, OnConnectionOpened, connection);
        }
        catch (Exception error) when (error is AmqpException or IOException or SocketException or InvalidOperationException or ObjectDisposedException)
        {
            Log.ConnectionOpenFailed(_logger, args.Transport?.RemoteEndPoint, error);
            connection?.SafeClose(error);
        }
    }

    void OnConnectionOpened(IAsyncResult result)
    {
        var connection = (AmqpConnection)result.AsyncState!;
        try
        {
            connection.EndOpen(result);
            Log.ConnectionOpened(_logger, connection.ToString(), connection.RemoteEndpoint?.ToString());
        }
        catch (Exception error) when (error is AmqpException or IOException or SocketException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            Log.ConnectionOpenFailed(_logger, connection.RemoteEndpoint?.ToString(), error);
            connection.SafeClose(error);
        }
    }

    void OnConnectionClosed(AmqpConnection connection)
    {
        _connections.TryRemove(connection, out _);
        Log.ConnectionClosed(_logger, connection.ToString(), connection.TerminalException);
    }

    async Task RunMaintenanceAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(MaintenanceInterval, _time);
        var nextCountersLog = _time.GetUtcNow() + _options.CountersLogInterval;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    foreach (var queue in _queues.Values)
                    {
                        queue.RunMaintenance();
                    }

                    if (_options.CountersLogInterval > TimeSpan.Zero && _time.GetUtcNow() >= nextCountersLog)
                    {
                        nextCountersLog = _time.GetUtcNow() + _options.CountersLogInterval;
                        foreach (var counters in GetCounters())
                        {
                            Log.Counters(_logger, counters);
                        }
                    }
                }
                catch (Exception error) when (error is AmqpException or InvalidOperationException or IOException or ObjectDisposedException)
                {
                    Log.MaintenanceFailed(_logger, error);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
