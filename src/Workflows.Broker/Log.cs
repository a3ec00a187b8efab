using Microsoft.Extensions.Logging;

namespace Workflows.Broker;

/// <summary>The broker's log events; ids 3000–3099.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Broker listening on {Host}:{Port} with queues {Queues}")]
    public static partial void BrokerStarted(ILogger logger, string host, int port, string queues);

    [LoggerMessage(3001, LogLevel.Information, "Broker stopped")]
    public static partial void BrokerStopped(ILogger logger);

    [LoggerMessage(3002, LogLevel.Information, "Queue counters {Counters}")]
    public static partial void Counters(ILogger logger, QueueCounters counters);

    [LoggerMessage(3003, LogLevel.Debug, "Connection {Connection} opened from {RemoteEndPoint}")]
    public static partial void ConnectionOpened(ILogger logger, string connection, string? remoteEndPoint);

    [LoggerMessage(3004, LogLevel.Debug, "Connection {Connection} closed")]
    public static partial void ConnectionClosed(ILogger logger, string connection, Exception? error);

    [LoggerMessage(3005, LogLevel.Warning, "Connection from {RemoteEndPoint} failed to open")]
    public static partial void ConnectionOpenFailed(ILogger logger, string? remoteEndPoint, Exception error);

    [LoggerMessage(3006, LogLevel.Debug, "Link {LinkName} attached to '{Address}' ({Role})")]
    public static partial void LinkAttached(ILogger logger, string linkName, string? address, string role);

    [LoggerMessage(3007, LogLevel.Warning, "Link {LinkName} to '{Address}' refused: {Reason}")]
    public static partial void LinkRefused(ILogger logger, string linkName, string? address, string reason);

    [LoggerMessage(3008, LogLevel.Warning, "Rejected a malformed message sent to '{Address}'")]
    public static partial void MalformedMessage(ILogger logger, string address, Exception error);

    [LoggerMessage(3009, LogLevel.Warning, "Queue '{Queue}' is full; refused {Count} message(s)")]
    public static partial void QuotaExceeded(ILogger logger, string queue, int count);

    [LoggerMessage(3010, LogLevel.Debug, "Request '{Operation}' on '{Address}' answered {StatusCode}")]
    public static partial void RequestAnswered(ILogger logger, string? operation, string address, int statusCode);

    [LoggerMessage(3011, LogLevel.Error, "Broker maintenance failed")]
    public static partial void MaintenanceFailed(ILogger logger, Exception error);

    [LoggerMessage(3012, LogLevel.Warning, "A management request was not answered")]
    public static partial void ManagementRequestFailed(ILogger logger, Exception error);
}
