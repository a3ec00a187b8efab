using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Nightly;

/// <summary>Writes the night's record to <c>runs/{instanceId}/report.json</c>; returns its path.</summary>
public sealed class WriteNightlyReport(IBlobStore blobs) : TaskActivity<NightlyReport, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, NightlyReport input)
    {
        var path = BlobLayout.ReportJson(input.InstanceId);
        await blobs.WriteAsync(path, new MemoryStream(ContractJson.SerializeToUtf8Bytes(input)), CancellationToken.None);
        return path.ToString();
    }
}
