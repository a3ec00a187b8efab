using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Jobs;
using Workflows.Orchestration.Models;
using Workflows.Orchestration.Nightly;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Probe;
using Workflows.Orchestration.Recsys;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Durable;

/// <summary>
/// One typed call per task (the Durable source generator is not available): task names come from <c>nameof</c>, so a
/// renamed class cannot silently call a stale name.
/// </summary>
public static class TaskCalls
{
    public static Task<RunValidation> ValidateRunAsync(this TaskOrchestrationContext context, RunRequest input) =>
        context.CallActivityAsync<RunValidation>(nameof(ValidateRun), input);

    public static Task<string> WriteRunSpecAsync(this TaskOrchestrationContext context, RunRequest input) =>
        context.CallActivityAsync<string>(nameof(WriteRunSpec), input);

    public static Task<bool> IsRunCancelledAsync(this TaskOrchestrationContext context, string runId) =>
        context.CallActivityAsync<bool>(nameof(IsRunCancelled), runId);

    public static Task<int> DeleteCheckpointsAsync(this TaskOrchestrationContext context, string runId) =>
        context.CallActivityAsync<int>(nameof(DeleteCheckpoints), runId, ActivityRetry);

    public static Task<PreparedRecsysDataset> PrepareRecsysDatasetAsync(this TaskOrchestrationContext context, PrepareRequest input) =>
        context.CallActivityAsync<PreparedRecsysDataset>(nameof(PrepareRecsysDataset), input, ActivityRetry);

    public static Task<RunReportPaths> WriteRunReportAsync(this TaskOrchestrationContext context, LotteryTicketReportInput input) =>
        context.CallActivityAsync<RunReportPaths>(nameof(WriteRunReport), input, ActivityRetry);

    public static Task<RunReportPaths> WriteProbeReportAsync(this TaskOrchestrationContext context, ProbeReportInput input) =>
        context.CallActivityAsync<RunReportPaths>(nameof(WriteProbeReport), input, ActivityRetry);

    public static Task<GalaxyPreparation> PrepareGalaxyDataAsync(this TaskOrchestrationContext context, GalaxyPrepareRequest input) =>
        context.CallActivityAsync<GalaxyPreparation>(nameof(PrepareGalaxyData), input, ActivityRetry);

    public static Task<GalaxyCutResult> CutTargetTilesAsync(this TaskOrchestrationContext context, GalaxyCutRequest input) =>
        context.CallActivityAsync<GalaxyCutResult>(nameof(CutTargetTiles), input, ActivityRetry);

    public static Task<GalaxyStitchResult> StitchPredictionAsync(this TaskOrchestrationContext context, GalaxyStitchRequest input) =>
        context.CallActivityAsync<GalaxyStitchResult>(nameof(StitchPrediction), input, ActivityRetry);

    public static Task<GalaxyMeasurementSummary> MeasureGalaxiesAsync(this TaskOrchestrationContext context, GalaxyMeasureRequest input) =>
        context.CallActivityAsync<GalaxyMeasurementSummary>(nameof(MeasureGalaxies), input, ActivityRetry);

    public static Task<RunReportPaths> WriteGalaxyReportAsync(this TaskOrchestrationContext context, GalaxyReportInput input) =>
        context.CallActivityAsync<RunReportPaths>(nameof(WriteGalaxyReport), input, ActivityRetry);

    public static Task<DatasetInspection> InspectDatasetAsync(this TaskOrchestrationContext context, string dataset) =>
        context.CallActivityAsync<DatasetInspection>(nameof(InspectDataset), dataset, ActivityRetry);

    public static Task<string> WriteModelPointerAsync(this TaskOrchestrationContext context, ModelPointer pointer) =>
        context.CallActivityAsync<string>(nameof(WriteModelPointer), pointer, ActivityRetry);

    public static Task<string> ExportTicketAsync(this TaskOrchestrationContext context, ExportTicketRequest input) =>
        context.CallActivityAsync<string>(nameof(ExportTicket), input, ActivityRetry);

    public static Task<string> WriteNightlyReportAsync(this TaskOrchestrationContext context, NightlyReport report) =>
        context.CallActivityAsync<string>(nameof(WriteNightlyReport), report, ActivityRetry);

    public static Task<bool> DispatchJobAsync(this TaskOrchestrationContext context, JobMessage message) =>
        context.CallActivityAsync<bool>(nameof(DispatchJob), message, ActivityRetry);

    public static Task<JobResultSummary?> ReadJobResultAsync(this TaskOrchestrationContext context, JobResultRequest input) =>
        context.CallActivityAsync<JobResultSummary?>(nameof(ReadJobResult), input, ActivityRetry);

    public static Task<int> LastJobAttemptAsync(this TaskOrchestrationContext context, JobResultRequest input) =>
        context.CallActivityAsync<int>(nameof(LastJobAttempt), input, ActivityRetry);

    public static Task<JobInspection> InspectJobAsync(this TaskOrchestrationContext context, JobInspectionRequest input) =>
        context.CallActivityAsync<JobInspection>(nameof(InspectJob), input, ActivityRetry);

    public static Task<JobStepResult> RunJobAsync(this TaskOrchestrationContext context, JobRequest input, string instanceId) =>
        context.CallSubOrchestratorAsync<JobStepResult>(nameof(RunJob), input, new SubOrchestrationOptions { InstanceId = instanceId });

    public static Task<TicketSearchResult> TicketSearchAsync(this TaskOrchestrationContext context, TicketSearchInput input, string instanceId) =>
        context.CallSubOrchestratorAsync<TicketSearchResult>(nameof(TicketSearch), input, new SubOrchestrationOptions { InstanceId = instanceId });

    /// <summary>Storage and queue calls fail transiently; the adapters retry with Polly, this covers a crashed call.</summary>
    private static TaskOptions ActivityRetry { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(2)));
}
