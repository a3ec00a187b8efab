namespace Workflows.Contracts;

/// <summary>A blob address: container and name inside it.</summary>
public readonly record struct BlobPath(string Container, string Name)
{
    public override string ToString() => $"{Container}/{Name}";

    public static BlobPath Parse(string path)
    {
        int slash = path.IndexOf('/');
        return slash > 0 && slash < path.Length - 1
            ? new BlobPath(path[..slash], path[(slash + 1)..])
            : throw new FormatException($"'{path}' is not a blob path of the form container/name");
    }
}

/// <summary>Every blob path the system reads or writes (DESIGN.md, "Blob layout").</summary>
public static class BlobLayout
{
    public const string DatasetsContainer = "datasets";
    public const string RunsContainer = "runs";
    public const string ModelsContainer = "models";
    public const string ManifestFileName = "dataset.json";
    public const string ModelPointerFileName = "current.json";

    public static IReadOnlyList<string> Containers { get; } = [DatasetsContainer, RunsContainer, ModelsContainer];

    public static BlobPath Manifest(string dataset) => new(DatasetsContainer, $"{dataset}/{ManifestFileName}");

    public static BlobPath DatasetFile(string dataset, string relativePath) => new(DatasetsContainer, $"{dataset}/{relativePath}");

    public static string RunPrefix(string runId) => $"{runId}/";

    public static BlobPath Spec(string runId) => new(RunsContainer, $"{runId}/spec.json");

    public static BlobPath Prepared(string runId, string name) => new(RunsContainer, $"{runId}/prepared/{name}");

    /// <summary>A galaxy-painting run's cut input tile (with its halo): <c>prepared/tiles/{tile}.npy</c>.</summary>
    public static BlobPath InputTile(string runId, string tile) => Prepared(runId, $"tiles/{tile}.npy");

    /// <summary>A galaxy-painting run's stitched prediction of the whole target volume (float32 .npy).</summary>
    public static BlobPath Prediction(string runId) => new(RunsContainer, $"{runId}/prediction.npy");

    /// <summary>A galaxy-painting run's measurements (spectra, occupancy, counts, slices) that its report is built from.</summary>
    public static BlobPath Measurements(string runId) => new(RunsContainer, $"{runId}/measurements.json");

    public static BlobPath CancelMarker(string runId) => new(RunsContainer, $"{runId}/cancel");

    public static string JobPrefix(string runId, string jobId) => $"{runId}/jobs/{jobId}/";

    /// <summary>Written last and only once (If-None-Match: *); names the attempt that produced it.</summary>
    public static BlobPath JobResult(string runId, string jobId) => new(RunsContainer, $"{JobPrefix(runId, jobId)}result.json");

    public static BlobPath JobProgress(string runId, string jobId) => new(RunsContainer, $"{JobPrefix(runId, jobId)}progress.json");

    /// <summary>Per-job failure accounting across attempts.</summary>
    public static BlobPath JobAttempts(string runId, string jobId) => new(RunsContainer, $"{JobPrefix(runId, jobId)}attempts.json");

    /// <summary>The folder of every attempt's folder (<c>attempts/{n}/</c>).</summary>
    public static string AttemptsPrefix(string runId, string jobId) => $"{JobPrefix(runId, jobId)}attempts/";

    public static string AttemptPrefix(string runId, string jobId, int attempt) => $"{AttemptsPrefix(runId, jobId)}{attempt}/";

    /// <summary>The attempt whose folder holds the blob <paramref name="name"/>; null for a blob outside the job's attempt folders.</summary>
    public static int? AttemptOf(string runId, string jobId, string name)
    {
        string prefix = AttemptsPrefix(runId, jobId);
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        int slash = name.IndexOf('/', prefix.Length);
        return slash > prefix.Length && int.TryParse(name.AsSpan(prefix.Length, slash - prefix.Length), System.Globalization.NumberStyles.None, null, out int attempt)
            ? attempt
            : null;
    }

    public static BlobPath AttemptArtifact(string runId, string jobId, int attempt, string name) =>
        new(RunsContainer, $"{AttemptPrefix(runId, jobId, attempt)}{name}");

    public static BlobPath AttemptLog(string runId, string jobId, int attempt) => AttemptArtifact(runId, jobId, attempt, "log.txt");

    public static BlobPath Checkpoint(string runId, string jobId) => new(RunsContainer, $"{runId}/checkpoints/{jobId}/checkpoint.bin");

    public static string CheckpointPrefix(string runId) => $"{runId}/checkpoints/";

    public static BlobPath ReportJson(string runId) => new(RunsContainer, $"{runId}/report.json");

    public static BlobPath ReportMarkdown(string runId) => new(RunsContainer, $"{runId}/report.md");

    /// <summary>Self-contained: the plots are embedded.</summary>
    public static BlobPath ReportHtml(string runId) => new(RunsContainer, $"{runId}/report.html");

    public static BlobPath Plot(string runId, string fileName) => new(RunsContainer, $"{runId}/plots/{fileName}");

    public static BlobPath ModelPointer(string dataset, string model) => new(ModelsContainer, $"{dataset}/{model}/{ModelPointerFileName}");

    /// <summary>A promoted ticket's export, named by the run that promoted it (never rewritten).</summary>
    public static BlobPath ModelTicket(string dataset, string model, string promotedBy) => new(ModelsContainer, $"{dataset}/{model}/tickets/{promotedBy}.npz");

    /// <summary>Every model of a dataset: <c>models/{dataset}/</c>.</summary>
    public static string ModelsPrefix(string dataset) => $"{dataset}/";

    /// <summary>
    /// Written (If-None-Match: *) by the standalone host's container watcher once it has started the run of one manifest
    /// version, so a restarted host does not start it again. Run ids never begin with '_', so this cannot name a run.
    /// </summary>
    public static BlobPath ManifestSeenMarker(string dataset, string manifestETag) =>
        new(RunsContainer, $"_watcher/{dataset}/{new string(manifestETag.Where(char.IsAsciiLetterOrDigit).ToArray())}.json");
}

/// <summary>Queue names: jobs on Service Bus, outcomes on a Storage queue.</summary>
public static class QueueNames
{
    public const string Jobs = "jobs";
    public const string JobEvents = "job-events";
}
