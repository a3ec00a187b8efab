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

    /// <param name="logPath">Azurite's output; a file under <c>.local/azurite/</c> of the repository when null.</param>
    public static async Task<LocalAzurite> StartAsync(string? logPath = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var ports = new Azurite.Ports(FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        logPath ??= Path.Combine(StackPrograms.RepositoryRoot, ".local", "azurite", $"azurite-{Environment.ProcessId}-{ports.Blob}.log");
        var process = await Azurite.StartAsync(StackPrograms.RepositoryRoot, ports, dataDirectory: null, logPath, logger ?? NullLogger.Instance, cancellationToken);
        return new LocalAzurite(process, ports.ConnectionString);
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
