using Workflows.Contracts;
using Workflows.Orchestration.Ports;
using Workflows.Orchestration.Runs;

namespace Workflows.Orchestration.Application;

/// <summary>Turns an engine instance of a run orchestration (input, custom status, output) into the HTTP <see cref="RunStatus"/>.</summary>
internal static class RunStatusMapper
{
    public static RunStatus Map(EngineInstance instance)
    {
        var request = TryParse<RunRequest>(instance.SerializedInput, "input");
        var progress = TryParse<RunProgress>(instance.SerializedCustomStatus, "custom status") ?? new RunProgress();
        var outcome = instance.Status == EngineStatus.Completed ? TryParse<RunOutcome>(instance.SerializedOutput, "output") : null;
        var state = instance.Status switch
        {
            EngineStatus.Pending => RunState.Pending,
            EngineStatus.Running or EngineStatus.Suspended => RunState.Running,
            EngineStatus.Completed => outcome?.State ?? RunState.Completed,
            EngineStatus.Terminated => RunState.Cancelled,
            _ => RunState.Failed,
        };
        var errors = (outcome?.Errors ?? progress.Errors).ToList();
        if (instance.Status == EngineStatus.Failed && instance.FailureMessage is { } failure)
        {
            errors.Add(JobOutcome.TruncateError(failure));
        }

        string runId = instance.InstanceId;
        var links = new Dictionary<string, string>
        {
            ["self"] = $"/api/runs/{runId}",
            ["jobs"] = $"/api/runs/{runId}/jobs",
        };
        if (outcome?.Report is not null)
        {
            links["report"] = $"/api/runs/{runId}/report";
        }

        if (state is RunState.Pending or RunState.Running)
        {
            links["cancel"] = $"/api/runs/{runId}/cancel";
        }
        else if (state is not RunState.Completed && request?.RejectedBecause is not { Count: > 0 })
        {
            links["retry"] = $"/api/runs/{runId}/retry";
        }

        return new RunStatus
        {
            RunId = runId,
            Dataset = request?.Dataset ?? "",
            Family = request?.Spec.Family ?? ExperimentFamily.LotteryTicket,
            State = state,
            Phase = instance.Status == EngineStatus.Failed ? RunPhases.Failed : progress.Phase,
            Progress = progress with { Errors = [] },
            CreatedAt = instance.CreatedAt,
            LastUpdatedAt = instance.LastUpdatedAt,
            Errors = errors,
            Links = links,
        };
    }

    /// <summary>A status must render even if a stored document is unreadable (e.g. written by an older version).</summary>
    private static T? TryParse<T>(string? json, string what) where T : class
    {
        if (string.IsNullOrEmpty(json) || json == "null")
        {
            return null;
        }

        try
        {
            return ContractJson.Deserialize<T>(json, what);
        }
        catch (ContractValidationException)
        {
            return null;
        }
    }
}
