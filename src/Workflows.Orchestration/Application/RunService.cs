using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workflows.Contracts;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Durable;
using Workflows.Orchestration.Models;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Probe;
using Workflows.Orchestration.Recsys;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Application;

/// <summary>
/// The application services both hosts call (<see cref="IRunService"/>). Every start is a singleton schedule with
/// deterministic ids: the same run twice is a no-op (<see cref="ScheduleRequest.NeverReplace"/>).
/// </summary>
public sealed class RunService(IOrchestrationEngine engine, IBlobStore blobs, IOptions<OrchestrationOptions> options, TimeProvider time, ILogger<RunService> logger)
    : IRunService
{
    /// <summary>Engine statuses of a run that has ended, whatever its outcome: a retry replaces such an instance.</summary>
    private static readonly IReadOnlyCollection<EngineStatus> FinishedStatuses = [EngineStatus.Completed, EngineStatus.Failed, EngineStatus.Terminated];

    private readonly JobStatusReader jobs = new(blobs);
    private readonly RunReportFiles reportFiles = new(blobs);

    /// <inheritdoc />
    /// <remarks>
    /// A manifest that does not parse still makes a run (a <see cref="RejectedRun"/>) whose id hashes the manifest's own
    /// content hash, so its status explains the problem and a corrected upload makes a different run. A manifest with
    /// <c>trigger: manual</c> starts nothing (<see cref="StartRunResult.NotStartedBecause"/>).
    /// </remarks>
    public async Task<StartRunResult> StartFromManifestAsync(string dataset, CancellationToken cancellationToken)
    {
        var manifestPath = BlobLayout.Manifest(dataset);
        var content = await blobs.TryReadAsync(manifestPath, cancellationToken)
            ?? throw new ContractValidationException(manifestPath.ToString(), [new ValidationError("$", "the manifest does not exist")]);
        DatasetManifest manifest;
        try
        {
            manifest = DatasetManifest.Parse(content.Data.Span, manifestPath.ToString());
        }
        catch (ContractValidationException ex)
        {
            var spec = RunSpec.DefaultFor(DatasetKind.Recsys);
            string rejectedId = Identifiers.RunId(dataset, spec, [new FileFingerprint(BlobLayout.ManifestFileName, content.Version.ContentHash)]);
            logger.ManifestRejected(manifestPath.ToString(), rejectedId, ex.Message);
            return await ScheduleAsync(nameof(RejectedRun), Request(rejectedId, dataset, spec, [ex.Message]), cancellationToken);
        }

        var resolved = (manifest.DefaultRun ?? RunSpec.DefaultFor(manifest.Kind)).Resolve();
        string runId = Identifiers.RunId(dataset, resolved, await FingerprintAsync(dataset, manifest, cancellationToken));
        if (manifest.Trigger == DatasetTrigger.Manual)
        {
            logger.ManualTriggerIgnored(manifestPath.ToString());
            string reason = "the manifest says trigger: manual; start a run with POST /api/runs";
            return new StartRunResult(runId, Created: false, Placeholder(runId, dataset, resolved.Family, reason), reason);
        }

        return await ScheduleAsync(Request(runId, dataset, resolved), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StartRunResult> StartAsync(StartRunRequest request, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValidDatasetName(request.Dataset))
        {
            throw new ContractValidationException("request", [new ValidationError("dataset", $"'{request.Dataset}' is not a valid dataset name")]);
        }

        var manifestPath = BlobLayout.Manifest(request.Dataset);
        var content = await blobs.TryReadAsync(manifestPath, cancellationToken)
            ?? throw new ContractValidationException("request", [new ValidationError("dataset", $"no manifest at {manifestPath}")]);
        var manifest = DatasetManifest.Parse(content.Data.Span, manifestPath.ToString());
        var spec = (request.Spec ?? manifest.DefaultRun ?? RunSpec.DefaultFor(manifest.Kind)).Resolve();
        ValidateSpec(spec, manifest.Kind);

        string runId = request.IdempotencyKey is { Length: > 0 } key
            ? Identifiers.RunIdForIdempotencyKey(request.Dataset, key)
            : Identifiers.RunId(request.Dataset, spec, await FingerprintAsync(request.Dataset, manifest, cancellationToken));
        if (request.Force)
        {
            runId = Identifiers.ForcedRunId(runId, Guid.NewGuid().ToString("N"));
        }

        return await ScheduleAsync(Request(runId, request.Dataset, spec), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<RunStatus?> GetStatusAsync(string runId, CancellationToken cancellationToken)
    {
        var instance = await engine.GetAsync(runId, cancellationToken);
        return instance is not null && WorkflowTasks.RunOrchestrations.Contains(instance.Name) ? RunStatusMapper.Map(instance) : null;
    }

    /// <inheritdoc />
    /// <remarks>Job and search sub-orchestrations share the engine's instance list; they are filtered out by name.</remarks>
    public async Task<IReadOnlyList<RunStatus>> ListAsync(RunListQuery query, CancellationToken cancellationToken)
    {
        var instances = await engine.ListAsync(
            new EngineQuery(InstanceIdPrefix: query.Dataset is null ? null : $"{query.Dataset}-", PageSize: Math.Max(query.Limit * 10, 200)), cancellationToken);
        return instances
            .Where(instance => WorkflowTasks.RunOrchestrations.Contains(instance.Name))
            .Select(RunStatusMapper.Map)
            .Where(status => (query.Dataset is null || status.Dataset == query.Dataset) && (query.State is null || status.State == query.State))
            .OrderByDescending(status => status.CreatedAt)
            .Take(query.Limit)
            .ToList();
    }

    /// <inheritdoc />
    public async Task<RunCommandResult> CancelAsync(string runId, CancellationToken cancellationToken)
    {
        var status = await GetStatusAsync(runId, cancellationToken);
        if (status is null)
        {
            return RunCommandResult.NotFound;
        }

        if (status.State is not (RunState.Pending or RunState.Running))
        {
            return RunCommandResult.NotApplicable;
        }

        // The marker first: workers and searches read it even if the event were lost.
        var marker = Encoding.UTF8.GetBytes($"{{\"requestedAt\":\"{time.GetUtcNow():O}\"}}");
        await blobs.TryCreateAsync(BlobLayout.CancelMarker(runId), marker, cancellationToken);
        await engine.RaiseEventAsync(runId, RunEvents.Cancel, "cancelled by request", cancellationToken);
        logger.CancelRequested(runId);
        return RunCommandResult.Accepted;
    }

    /// <inheritdoc />
    /// <remarks>The cancel marker is deleted first, so the new execution's jobs are not stopped by it.</remarks>
    public async Task<RunCommandResult> RetryAsync(string runId, CancellationToken cancellationToken)
    {
        var instance = await engine.GetAsync(runId, cancellationToken);
        if (instance is null || !WorkflowTasks.RunOrchestrations.Contains(instance.Name))
        {
            return RunCommandResult.NotFound;
        }

        var request = ContractJson.Deserialize<RunRequest>(instance.SerializedInput ?? "null", $"input of run {runId}");
        if (RunStatusMapper.Map(instance).State is not (RunState.Failed or RunState.Cancelled or RunState.CompletedWithFailures)
            || request.RejectedBecause is { Count: > 0 })
        {
            return RunCommandResult.NotApplicable;
        }

        await blobs.DeleteAsync(BlobLayout.CancelMarker(runId), cancellationToken);
        var retried = request with { Jobs = options.Value.ToJobPolicy(), Generation = request.Generation + 1 };
        var scheduled = await engine.ScheduleAsync(new ScheduleRequest(instance.Name, runId, retried, FinishedStatuses), cancellationToken);
        logger.RetryRequested(runId, retried.Generation, scheduled.ToString());
        return scheduled == ScheduleResult.Started ? RunCommandResult.Accepted : RunCommandResult.NotApplicable;
    }

    /// <inheritdoc />
    /// <remarks>Blobs first: if purging the history then fails, the run still shows and the delete can be repeated.</remarks>
    public async Task<RunCommandResult> DeleteAsync(string runId, CancellationToken cancellationToken)
    {
        var status = await GetStatusAsync(runId, cancellationToken);
        if (status is null)
        {
            return RunCommandResult.NotFound;
        }

        if (!status.State.IsFinished())
        {
            return RunCommandResult.NotApplicable;
        }

        int deleted = await blobs.DeletePrefixAsync(BlobLayout.RunsContainer, BlobLayout.RunPrefix(runId), cancellationToken);
        await engine.PurgeAsync(runId, cancellationToken);
        logger.RunDeleted(runId, deleted);
        return RunCommandResult.Accepted;
    }

    /// <inheritdoc />
    public async Task<JobLog?> GetJobLogAsync(string runId, string jobId, int? attempt, CancellationToken cancellationToken)
    {
        if (!jobId.StartsWith($"{runId}.", StringComparison.Ordinal) || !Identifiers.IsValidJobId(jobId) || await GetStatusAsync(runId, cancellationToken) is null)
        {
            return null;
        }

        int? chosen = attempt ?? await jobs.LatestLoggedAttemptAsync(runId, jobId, cancellationToken);
        return chosen is { } n && await blobs.TryReadAsync(BlobLayout.AttemptLog(runId, jobId, n), cancellationToken) is { } log
            ? new JobLog(jobId, n, log.Data)
            : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobStatusSummary>?> ListJobsAsync(string runId, CancellationToken cancellationToken) =>
        await GetStatusAsync(runId, cancellationToken) is null ? null : await jobs.ReadAsync(runId, cancellationToken);

    /// <inheritdoc />
    public async Task<ReportDocument?> GetReportAsync(string runId, ReportFormat format, CancellationToken cancellationToken)
    {
        var path = format == ReportFormat.Json ? BlobLayout.ReportJson(runId) : BlobLayout.ReportMarkdown(runId);
        var content = await blobs.TryReadAsync(path, cancellationToken);
        return content is null ? null : new ReportDocument(RunReportFiles.ContentType(path.Name), content.Data);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReportFile>?> ListReportFilesAsync(string runId, CancellationToken cancellationToken) =>
        await GetStatusAsync(runId, cancellationToken) is null ? null : await reportFiles.ListAsync(runId, cancellationToken);

    /// <inheritdoc />
    public Task<ReportDocument?> GetReportFileAsync(string runId, string name, CancellationToken cancellationToken) =>
        reportFiles.ReadAsync(runId, name, cancellationToken);

    /// <inheritdoc />
    /// <remarks>A manifest that does not parse is left out (and logged): it has no kind or trigger to show.</remarks>
    public async Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken)
    {
        var summaries = new List<DatasetSummary>();
        await foreach (var blob in blobs.ListAsync(BlobLayout.DatasetsContainer, "", cancellationToken))
        {
            int slash = blob.Path.Name.IndexOf('/');
            if (slash <= 0 || blob.Path.Name[(slash + 1)..] != BlobLayout.ManifestFileName)
            {
                continue;
            }

            var content = await blobs.TryReadAsync(blob.Path, cancellationToken);
            if (content is null)
            {
                continue;
            }

            try
            {
                var manifest = DatasetManifest.Parse(content.Data.Span, blob.Path.ToString());
                summaries.Add(new DatasetSummary(blob.Path.Name[..slash], manifest.Kind, manifest.Trigger, manifest.Retrain, manifest.Files.Count, content.Version.LastModified));
            }
            catch (ContractValidationException ex)
            {
                logger.DatasetListingSkipped(blob.Path.ToString(), ex.Message);
            }
        }

        return summaries.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    private static void ValidateSpec(RunSpec spec, DatasetKind kind)
    {
        var errors = spec.Validate().ToList();
        int bytes = ContractJson.SerializeToUtf8Bytes(spec).Length;
        if (bytes > SizeLimits.MaxSpecBytes)
        {
            errors.Add(new ValidationError("$", $"the spec is {bytes} bytes; the limit is {SizeLimits.MaxSpecBytes}"));
        }

        if (!spec.RunsOn(kind))
        {
            errors.Add(new ValidationError("family", $"a {kind.ToString().ToLowerInvariant()} dataset runs '{ContractJson.Serialize(RunSpec.ExperimentFor(kind)).Trim('"')}'"));
        }

        if (errors.Count > 0)
        {
            throw new ContractValidationException("spec", errors);
        }
    }

    private Task<List<FileFingerprint>> FingerprintAsync(string dataset, DatasetManifest manifest, CancellationToken cancellationToken) =>
        DatasetFingerprints.ReadAsync(blobs, dataset, manifest, cancellationToken);

    private RunRequest Request(string runId, string dataset, RunSpec spec, IReadOnlyList<string>? rejectedBecause = null) =>
        new(runId, dataset, spec, BlobLayout.Manifest(dataset).ToString(), options.Value.ToJobPolicy(), rejectedBecause);

    private Task<StartRunResult> ScheduleAsync(RunRequest request, CancellationToken cancellationToken) => request.Spec.Family switch
    {
        ExperimentFamily.LotteryTicket => ScheduleAsync(nameof(LotteryTicketRun), request, cancellationToken),
        ExperimentFamily.PlatformProbe => ScheduleAsync(nameof(PlatformProbeRun), request, cancellationToken),
        _ => ScheduleAsync(nameof(GalaxyPaintingRun), request, cancellationToken),
    };

    private async Task<StartRunResult> ScheduleAsync(string orchestration, RunRequest request, CancellationToken cancellationToken)
    {
        var result = await engine.ScheduleAsync(new ScheduleRequest(orchestration, request.RunId, request, ScheduleRequest.NeverReplace), cancellationToken);
        logger.RunStarted(request.RunId, request.Dataset, result.ToString());
        var status = await GetStatusAsync(request.RunId, cancellationToken) ?? Placeholder(request.RunId, request.Dataset, request.Spec.Family, null);
        return new StartRunResult(request.RunId, result == ScheduleResult.Started, status);
    }

    private static RunStatus Placeholder(string runId, string dataset, ExperimentFamily family, string? note) => new()
    {
        RunId = runId,
        Dataset = dataset,
        Family = family,
        State = RunState.Pending,
        Phase = RunPhases.Pending,
        Errors = note is null ? [] : [note],
        Links = new Dictionary<string, string> { ["self"] = $"/api/runs/{runId}" },
    };
}
