using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Workflows.LocalStack;

/// <summary>
/// Azurite alone, in memory, on free loopback ports: for tests of the storage adapters that need no broker, host or
/// worker. Installed and started exactly as the full stack's; disposing stops it by PID.
/// </summary>
public sealed class LocalAzurite : IAsyncDisposable
{
    private readonly StackProcess process;

    private LocalAzurite(StackProcess process, string connectionString)
    {
        this.process = process;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public int ProcessId => process.ProcessId;

    /// <param name="startupTimeout">How long Azurite may take to open its ports once installed.</param>
    /// <param name="logPath">Azurite's output; a file under <c>.local/azurite/</c> of the repository when null.</param>
    public static async Task<LocalAzurite> StartAsync(TimeSpan startupTimeout, string? logPath = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var ports = new Azurite.Ports(FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        logPath ??= Path.Combine(StackPrograms.RepositoryRoot, ".local", "azurite", $"azurite-{Environment.ProcessId}-{ports.Blob}.log");
        string entryPoint = await Azurite.EnsureInstalledAsync(StackPrograms.RepositoryRoot, Azurite.DefaultInstallTimeout, logger ?? NullLogger.Instance, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(startupTimeout);
        var process = await Azurite.StartAsync(entryPoint, ports, dataDirectory: null, logPath, timeout.Token);
        return new LocalAzurite(process, ports.ConnectionString);
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
