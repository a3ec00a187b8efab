using Microsoft.Extensions.Logging;

namespace Workflows.LocalStack;

/// <summary>The local stack's log events; ids 6000–6099.</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "Installing Azurite {Version} into {Folder} (first use)")]
    public static partial void InstallingAzurite(ILogger logger, string version, string folder);

    [LoggerMessage(6001, LogLevel.Information, "Started {Program} (pid {ProcessId}), log {LogPath}")]
    public static partial void Started(ILogger logger, string program, int processId, string logPath);

    [LoggerMessage(6002, LogLevel.Information, "Stopped {Program} (pid {ProcessId})")]
    public static partial void Stopped(ILogger logger, string program, int processId);

    [LoggerMessage(6003, LogLevel.Information, "Local stack ready in {Seconds:F1} s: storage {BlobEndpoint}, broker port {BrokerPort}, host {HostUrl}, {Workers} worker(s); logs in {StackDirectory}")]
    public static partial void Ready(ILogger logger, double seconds, string blobEndpoint, int brokerPort, Uri hostUrl, int workers, string stackDirectory);
}
