using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Contracts;
using Workflows.Jobs.Runtime;
using Workflows.Orchestration.Ports;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Jobs.Tests;

[Collection(JobsCollection.Name)]
public sealed class JobCheckpointTests(JobsStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task SaveCheckpointAsync_OlderOrSameEpochAfterNewer_KeepsTheNewer()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        var probe = new CheckpointProbe();
        var job = JobsStack.Job(JobsStack.NewRunId(), "test.checkpoint");
        await using var scoped = await stack.CreateServicesAsync(output, "jobs-misc", "ev-checkpoints", s => s.AddKeyedSingleton<IJobHandler>("test.checkpoint", probe));

        await scoped.GetRequiredService<JobRunner>().RunAsync(job, ct);

        Assert.Equal([true, false, false, true], probe.Saved);
        Assert.Equal((5, "five"), (probe.Loaded!.Epoch, Encoding.UTF8.GetString(probe.Loaded.State.Span)));
        var blob = await scoped.GetRequiredService<IBlobStore>().TryReadAsync(BlobLayout.Checkpoint(job.RunId, job.JobId), ct);
        Assert.Equal("WFCK"u8.ToArray(), blob!.Data[..4].ToArray());
    }

    private sealed class CheckpointProbe : IJobHandler
    {
        public List<bool> Saved { get; } = [];

        public JobCheckpoint? Loaded { get; private set; }

        public async Task<JobHandlerResult> ExecuteAsync(JobContext context, CancellationToken cancellationToken)
        {
            Saved.Add(await context.SaveCheckpointAsync(3, "three"u8.ToArray(), cancellationToken));
            Saved.Add(await context.SaveCheckpointAsync(2, "two"u8.ToArray(), cancellationToken));
            Saved.Add(await context.SaveCheckpointAsync(3, "three again"u8.ToArray(), cancellationToken));
            Saved.Add(await context.SaveCheckpointAsync(5, "five"u8.ToArray(), cancellationToken));
            Loaded = await context.LoadCheckpointAsync(cancellationToken);
            return JobHandlerResult.Empty;
        }
    }
}
