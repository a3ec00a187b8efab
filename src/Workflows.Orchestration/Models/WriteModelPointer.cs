using Microsoft.DurableTask;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Orchestration.Models;

/// <summary>Promotes a model: replaces <c>models/{dataset}/{model}/current.json</c>; returns its path.</summary>
public sealed class WriteModelPointer(IBlobStore blobs) : TaskActivity<ModelPointer, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, ModelPointer input)
    {
        var path = BlobLayout.ModelPointer(input.Dataset, input.Model);
        await blobs.WriteAsync(path, new MemoryStream(ContractJson.SerializeToUtf8Bytes(input)), CancellationToken.None);
        return path.ToString();
    }
}
