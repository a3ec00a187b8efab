using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Runs;

/// <summary>Stores the resolved spec at <c>runs/{runId}/spec.json</c>, once: a retried run keeps the original.</summary>
public sealed class WriteRunSpec(IBlobStore blobs) : TaskActivity<RunRequest, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, RunRequest input)
    {
        var path = BlobLayout.Spec(input.RunId);
        await blobs.TryCreateAsync(path, ContractJson.SerializeToUtf8Bytes(input.Spec), CancellationToken.None);
        return path.ToString();
    }
}
