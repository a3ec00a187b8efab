using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Workflows.Testing;

/// <summary>
/// Azurite from npm (installed on first use into <c>.tools/azurite</c> of the repository), in memory, on three free
/// loopback ports; stopped by PID on dispose. Kept small on purpose: Workflows.LocalStack may absorb it.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    public const string Version = "3.37.0";
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};QueueEndpoint=http://127.0.0.1:{queuePort}/{Account};TableEndpoint=http://127.0.0.1:{tablePort}/{Account};";
    }

    public string ConnectionString { get; }

    public int ProcessId => process.Id;

    public static async Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken)
    {
        string entryPoint = await EnsureInstalledAsync(cancellationToken);
        int[] ports = FreeTcpPorts.Take(3);
        var startInfo = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(entryPoint);
        foreach (var (service, port) in new[] { ("blob", ports[0]), ("queue", ports[1]), ("table", ports[2]) })
        {
            startInfo.ArgumentList.Add($"--{service}Host");
            startInfo.ArgumentList.Add("127.0.0.1");
            startInfo.ArgumentList.Add($"--{service}Port");
            startInfo.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        }

        // Azure.Storage clients send API versions newer than Azurite 3.37 knows (ENVIRONMENT.md).
        startInfo.ArgumentList.Add("--skipApiVersionCheck");
        startInfo.ArgumentList.Add("--disableTelemetry");
        startInfo.ArgumentList.Add("--inMemoryPersistence");
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("node did not start");
        // Drain output so a chatty Azurite never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, ports[0], ports[1], ports[2]);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            foreach (int port in ports)
            {
                await WaitForPortAsync(process, port, timeout.Token);
            }

            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private static async Task WaitForPortAsync(Process process, int port, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening on {port}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        string prefix = Path.Combine(RepositoryPaths.Root, ".tools", "azurite");
        string entryPoint = Path.Combine(prefix, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(entryPoint))
        {
            return entryPoint;
        }

        Directory.CreateDirectory(prefix);
        await using var installLock = await LockAsync(Path.Combine(prefix, ".install.lock"), cancellationToken);
        if (File.Exists(entryPoint))
        {
            return entryPoint;
        }

        var npm = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel", "error", $"azurite@{Version}" })
        {
            npm.ArgumentList.Add(argument);
        }

        using var install = Process.Start(npm) ?? throw new InvalidOperationException("npm did not start");
        var output = install.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = install.StandardError.ReadToEndAsync(cancellationToken);
        await install.WaitForExitAsync(cancellationToken);
        return install.ExitCode == 0 && File.Exists(entryPoint)
            ? entryPoint
            : throw new InvalidOperationException($"npm install azurite@{Version} into {prefix} failed ({install.ExitCode}): {await output}{await errors}");
    }

    /// <summary>One installer at a time across test processes (an exclusively opened file).</summary>
    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }
}
