using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Workflows.LocalStack;

/// <summary>
/// The whole system on one machine: Azurite, the loopback Service Bus broker, the standalone host and N workers, each a
/// child process on free loopback ports with its log in <see cref="StackDirectory"/>. Disposing stops everything by PID.
/// Workers, the host and the broker can be killed and restarted on the same ports (fault tests).
/// </summary>
public sealed class WorkflowsLocalStack : IAsyncDisposable
{
    private const string HealthPath = "api/health";

    /// <summary>What a worker prints on stdout once its processor receives jobs.</summary>
    private const string WorkerReadyLine = "worker ready:";

    private readonly LocalStackOptions options;
    private readonly ILogger logger;
    private readonly Azurite.Ports storagePorts;
    private readonly int brokerPort;
    private readonly int brokerManagementPort;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<StackProcess?> workers = [];
    private StackProcess? azurite;
    private StackProcess? broker;
    private StackProcess? host;

    private WorkflowsLocalStack(LocalStackOptions options, ILogger logger, string stackDirectory)
    {
        this.options = options;
        this.logger = logger;
        StackDirectory = stackDirectory;
        storagePorts = new Azurite.Ports(FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        brokerPort = FreePorts.Next();
        brokerManagementPort = FreePorts.Next();
        int hostPort = options.HostPort == 0 ? FreePorts.Next() : options.HostPort;
        Endpoints = new StackEndpoints(
            storagePorts.ConnectionString,
            BrokerConnectionString(brokerPort),
            new Uri($"http://127.0.0.1:{hostPort}/"),
            BrokerConnectionString(brokerManagementPort));
    }

    public StackEndpoints Endpoints { get; }

    /// <summary>Holds one log file per program (<c>azurite.log</c>, <c>broker.log</c>, <c>host.log</c>, <c>worker-0.log</c>, ...).</summary>
    public string StackDirectory { get; }

    /// <summary>The repository the stack's programs were built from.</summary>
    public static string RepositoryRoot => StackPrograms.RepositoryRoot;

    public StackProcess? Host => host;

    public IReadOnlyList<StackProcess?> Workers => workers;

    /// <summary>Starts every part and waits until each one serves; on failure stops what was started and throws <see cref="LocalStackException"/>.</summary>
    public static async Task<WorkflowsLocalStack> StartAsync(LocalStackOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Workers);
        string directory = options.StackDirectory ?? Path.Combine(RepositoryRoot, ".local", "stacks",
            $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(directory);
        var stack = new WorkflowsLocalStack(options, logger ?? NullLogger.Instance, directory);
        var started = Stopwatch.StartNew();
        try
        {
            await stack.StartStorageAsync(cancellationToken);
            await stack.StartBrokerAsync(cancellationToken);
            var programs = new List<Task>();
            if (options.StartHost)
            {
                programs.Add(stack.StartHostAsync(cancellationToken));
            }

            for (int i = 0; i < options.Workers; i++)
            {
                programs.Add(stack.StartWorkerAsync(cancellationToken));
            }

            await Task.WhenAll(programs);
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }

        Log.Ready(stack.logger, started.Elapsed.TotalSeconds, $"http://127.0.0.1:{stack.storagePorts.Blob}", stack.brokerPort,
            stack.Endpoints.HostUrl, options.Workers, directory);
        return stack;
    }

    /// <summary>Starts one more worker (or restarts a killed one when <paramref name="index"/> is given); returns its index.</summary>
    public async Task<int> StartWorkerAsync(CancellationToken cancellationToken, int? index = null)
    {
        int slot;
        lock (workers)
        {
            slot = index ?? workers.Count;
            if (slot == workers.Count)
            {
                workers.Add(null);
            }
            else if (workers[slot] is { HasExited: false })
            {
                throw new InvalidOperationException($"worker {slot} is running");
            }
        }

        var environment = ProgramEnvironment();
        environment["Workflows__Worker__WorkerId"] = $"worker-{slot}";
        foreach (var (name, value) in WorkerAllocator.Environment)
        {
            environment[name] = value;
        }
        var worker = await StartProgramAsync($"worker-{slot}", StackPrograms.Worker, environment,
            (process, ct) => process.WaitForOutputAsync(WorkerReadyLine, ct), cancellationToken);
        lock (workers)
        {
            workers[slot] = worker;
        }

        return slot;
    }

    /// <summary>Kills worker <paramref name="index"/> like a crash: no graceful shutdown, its message locks simply expire.</summary>
    public Task KillWorkerAsync(int index) => StopAsync(workers[index]);

    public async Task StartHostAsync(CancellationToken cancellationToken)
    {
        if (host is { HasExited: false })
        {
            throw new InvalidOperationException("the host is running");
        }

        var environment = ProgramEnvironment();
        environment["Workflows__Api__Port"] = Endpoints.HostUrl.Port.ToString(CultureInfo.InvariantCulture);
        var healthUrl = new Uri(Endpoints.HostUrl, HealthPath);
        host = await StartProgramAsync("host", StackPrograms.Host, environment,
            (process, ct) => Readiness.WaitForHttpAsync(process, http, healthUrl, ct), cancellationToken);
    }

    public Task KillHostAsync() => StopAsync(host);

    /// <summary>Starts the broker on its port (again, after <see cref="KillBrokerAsync"/>: every message it held is gone).</summary>
    public async Task StartBrokerAsync(CancellationToken cancellationToken)
    {
        var environment = ProgramEnvironment();
        environment["Workflows__Broker__Port"] = brokerPort.ToString(CultureInfo.InvariantCulture);
        environment["Workflows__Broker__ManagementPort"] = brokerManagementPort.ToString(CultureInfo.InvariantCulture);
        broker = await StartProgramAsync("broker", StackPrograms.BrokerHost, environment,
            (process, ct) => Readiness.WaitForPortAsync(process, brokerPort, ct), cancellationToken);
    }

    public Task KillBrokerAsync() => StopAsync(broker);

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(workers.Select(StopAsync));
        await StopAsync(host);
        await StopAsync(broker);
        await StopAsync(azurite);
        http.Dispose();
    }

    private async Task StartStorageAsync(CancellationToken cancellationToken)
    {
        string? data = options.PersistentStorage ? Path.Combine(StackDirectory, "azurite") : null;
        string entryPoint = await Azurite.EnsureInstalledAsync(RepositoryRoot, options.InstallTimeout, logger, cancellationToken);
        using var timeout = Timeout(options.StartupTimeout, cancellationToken);
        try
        {
            azurite = await Azurite.StartAsync(entryPoint, storagePorts, data, LogPath("azurite"), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LocalStackException($"Azurite did not open its ports within {options.StartupTimeout}; see {LogPath("azurite")}");
        }

        Log.Started(logger, "azurite", azurite.ProcessId, azurite.LogPath);
    }

    private async Task<StackProcess> StartProgramAsync(
        string name, string program, Dictionary<string, string> environment,
        Func<StackProcess, CancellationToken, Task> waitUntilReady, CancellationToken cancellationToken)
    {
        var process = StackProcess.Start(name, StackPrograms.StartInfo(program, environment), LogPath(name));
        using var timeout = Timeout(options.StartupTimeout, cancellationToken);
        try
        {
            await waitUntilReady(process, timeout.Token);
        }
        catch (Exception ex)
        {
            await process.DisposeAsync();
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new LocalStackException($"{name} was not ready within {options.StartupTimeout}; its log {process.LogPath} ends with:{Environment.NewLine}{process.Tail(30)}");
            }

            throw;
        }

        Log.Started(logger, name, process.ProcessId, process.LogPath);
        return process;
    }

    private static string BrokerConnectionString(int port) =>
        $"Endpoint=sb://127.0.0.1:{port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true";

    /// <summary>The settings every program gets: the endpoints, then the caller's settings (which may override them).</summary>
    private Dictionary<string, string> ProgramEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Workflows__Storage__ConnectionString"] = Endpoints.StorageConnectionString,
            ["Workflows__ServiceBus__ConnectionString"] = Endpoints.ServiceBusConnectionString,
            ["Workflows__ServiceBus__AdministrationConnectionString"] = Endpoints.ServiceBusAdministrationConnectionString,
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in LocalJobsQueue.Settings)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in options.Settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return environment;
    }

    private string LogPath(string name) => Path.Combine(StackDirectory, $"{name}.log");

    private static CancellationTokenSource Timeout(TimeSpan limit, CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        return timeout;
    }

    private async Task StopAsync(StackProcess? process)
    {
        if (process is null)
        {
            return;
        }

        bool wasRunning = !process.HasExited;
        await process.DisposeAsync();
        if (wasRunning)
        {
            Log.Stopped(logger, process.Name, process.ProcessId);
        }
    }
}
