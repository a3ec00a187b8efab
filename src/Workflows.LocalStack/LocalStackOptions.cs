namespace Workflows.LocalStack;

/// <summary>What to start and how.</summary>
public sealed record LocalStackOptions
{
    /// <summary>Worker processes to start (0 starts none; add them later with <see cref="WorkflowsLocalStack.StartWorkerAsync"/>).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Start the standalone host (off for tests that drive the workers directly).</summary>
    public bool StartHost { get; init; } = true;

    /// <summary>Logs (and persistent storage) go here; a new folder under <c>.local/stacks/</c> of the repository when null.</summary>
    public string? StackDirectory { get; init; }

    /// <summary>Keep Azurite's data in <c>{StackDirectory}/azurite</c> (survives restarts) instead of in memory.</summary>
    public bool PersistentStorage { get; init; }

    /// <summary>The host's HTTP port; a free port when 0.</summary>
    public int HostPort { get; init; }

    /// <summary>
    /// Extra configuration for the host, the workers and the broker, as keys of the one settings tree
    /// (<c>Workflows:Watcher:Interval</c> → <c>00:00:01</c>); passed as <c>Workflows__...</c> environment variables.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>How long each program may take to become ready (a cold .NET start on a busy 2-core machine is slow).</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the first use on a machine may take to install Azurite with npm (a download), counted apart from
    /// <see cref="StartupTimeout"/> so that a slow install does not pass for a program that failed to start.
    /// </summary>
    public TimeSpan InstallTimeout { get; init; } = Azurite.DefaultInstallTimeout;
}
