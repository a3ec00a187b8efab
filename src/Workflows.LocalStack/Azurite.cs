using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Workflows.LocalStack;

/// <summary>
/// Azurite (Blob, Queue and Table storage) from npm, installed on first use into the repository's <c>.tools/azurite</c>
/// and started on three free loopback ports.
/// </summary>
internal static class Azurite
{
    public const string Version = "3.37.0";

    /// <summary>Azurite's fixed development account.</summary>
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>How long a first-use install may take by default.</summary>
    public static readonly TimeSpan DefaultInstallTimeout = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan InstallLockPoll = TimeSpan.FromMilliseconds(500);

    public sealed record Ports(int Blob, int Queue, int Table)
    {
        public string ConnectionString =>
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{Blob}/{AccountName};QueueEndpoint=http://127.0.0.1:{Queue}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{Table}/{AccountName};";
    }

    /// <summary>Starts the installed Azurite and waits until all three services accept connections.</summary>
    /// <param name="entryPoint">What <see cref="EnsureInstalledAsync"/> returned.</param>
    /// <param name="dataDirectory">Persist to this folder; null keeps everything in memory.</param>
    public static async Task<StackProcess> StartAsync(string entryPoint, Ports ports, string? dataDirectory, string logPath, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("node") { ArgumentList = { entryPoint } };
        foreach (var (service, port) in new[] { ("blob", ports.Blob), ("queue", ports.Queue), ("table", ports.Table) })
        {
            startInfo.ArgumentList.Add($"--{service}Host");
            startInfo.ArgumentList.Add("127.0.0.1");
            startInfo.ArgumentList.Add($"--{service}Port");
            startInfo.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // Azure.Storage.Blobs 12.30 sends an API version newer than this Azurite knows (ENVIRONMENT.md, Azurite).
        startInfo.ArgumentList.Add("--skipApiVersionCheck");
        startInfo.ArgumentList.Add("--disableTelemetry");
        if (dataDirectory is null)
        {
            startInfo.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            startInfo.ArgumentList.Add("--location");
            startInfo.ArgumentList.Add(dataDirectory);
        }

        var process = StackProcess.Start("azurite", startInfo, logPath);
        try
        {
            foreach (int port in new[] { ports.Blob, ports.Queue, ports.Table })
            {
                await Readiness.WaitForPortAsync(process, port, cancellationToken);
            }

            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Installs the pinned Azurite with npm unless present; one installer at a time across processes. The install (a
    /// download on first use) has its own <paramref name="timeout"/>, so that it does not eat a program's start-up time.
    /// </summary>
    /// <returns>Azurite's JavaScript entry point.</returns>
    public static async Task<string> EnsureInstalledAsync(string repositoryRoot, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await InstallAsync(repositoryRoot, logger, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LocalStackException($"npm did not install Azurite {Version} into {Path.Combine(repositoryRoot, ".tools", "azurite")} within {timeout}");
        }
    }

    private static async Task<string> InstallAsync(string repositoryRoot, ILogger logger, CancellationToken cancellationToken)
    {
        string prefix = Path.Combine(repositoryRoot, ".tools", "azurite");
        string package = Path.Combine(prefix, "node_modules", "azurite");
        string entryPoint = Path.Combine(package, "dist", "src", "azurite.js");
        if (IsInstalled(package, entryPoint))
        {
            return entryPoint;
        }

        Directory.CreateDirectory(prefix);
        await using var installLock = await AcquireLockAsync(Path.Combine(prefix, ".install.lock"), cancellationToken);
        if (IsInstalled(package, entryPoint))
        {
            return entryPoint;
        }

        Log.InstallingAzurite(logger, Version, prefix);
        var npm = new ProcessStartInfo("npm")
        {
            ArgumentList = { "install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel", "error", $"azurite@{Version}" },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(npm)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new LocalStackException($"Azurite is installed with npm, which was not found on PATH: install Node.js 20+ ({ex.Message})", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0 || !IsInstalled(package, entryPoint))
            {
                throw new LocalStackException($"'npm install azurite@{Version}' into {prefix} failed with exit code {process.ExitCode}:{Environment.NewLine}{await output}{await errors}");
            }
        }

        return entryPoint;
    }

    private static bool IsInstalled(string package, string entryPoint)
    {
        string manifest = Path.Combine(package, "package.json");
        if (!File.Exists(manifest) || !File.Exists(entryPoint))
        {
            return false;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
        return document.RootElement.TryGetProperty("version", out var version) && version.GetString() == Version;
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(InstallLockPoll, cancellationToken);
            }
        }
    }
}
