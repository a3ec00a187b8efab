using Azure.Storage.Queues;
using Workflows.Contracts;
using Workflows.Orchestration.Recsys;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

/// <summary>Opt-in (<c>Category=Faults</c>): it freezes the fault stack's host.</summary>
[Collection(FaultStackCollection.Name)]
[Trait("Category", "Faults")]
public sealed class LostOutcomeTests(FaultStackFixture fixture)
{
    /// <summary>
    /// Two identical rounds start together; near the end of one, the host is frozen (SIGSTOP) so it cannot read the
    /// outcome the worker then publishes. The outcome is removed from the <c>job-events</c> queue (a lost message) and the
    /// host thawed: the orchestration's heartbeat check finds the written <c>result.json</c> and completes the job from it,
    /// with no second attempt, one result and the undisturbed round's metrics.
    /// </summary>
    [Fact]
    public async Task OutcomeLostAfterTheResultIsWritten_RunCompletesFromTheWrittenResult_WithOneAttempt()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(8));
        string reference = await fixture.StartLastFmRunAsync("lost-outcome-reference", Specs.LongRound, cancellationToken);
        string disturbed = await fixture.StartLastFmRunAsync("lost-outcome-disturbed", Specs.LongRound, cancellationToken);
        string jobId = RecsysJobIds.DenseRound(disturbed, "mf", Specs.LongRoundSeed);
        var host = fixture.Stack.Host ?? throw new InvalidOperationException("the fault stack runs a host");
        var resultBlob = fixture.Blobs.GetBlobContainerClient(BlobLayout.RunsContainer).GetBlobClient(BlobLayout.JobResult(disturbed, jobId).Name);

        await fixture.WaitForEpochAsync(disturbed, jobId, epoch: Specs.LongRoundEpochs - 5, cancellationToken);
        await FaultStackFixture.PauseAsync(host);
        try
        {
            Assert.False(await resultBlob.ExistsAsync(cancellationToken), "the round finished before the host was frozen");
            await DeleteOutcomeAsync(disturbed, jobId, cancellationToken);
        }
        finally
        {
            await FaultStackFixture.ResumeAsync(host);
        }

        var final = await fixture.WaitUntilFinishedAsync(disturbed, cancellationToken);
        var undisturbed = await fixture.WaitUntilFinishedAsync(reference, cancellationToken);
        Assert.Equal((RunState.Completed, RunState.Completed), (undisturbed.State, final.State));
        Assert.Equal((1, 0), (final.Progress.JobsDone, final.Progress.JobsFailed));

        var blobs = await fixture.ListRunBlobsAsync(BlobLayout.JobPrefix(disturbed, jobId), cancellationToken);
        Assert.Single(blobs, name => name.EndsWith("/result.json", StringComparison.Ordinal));
        Assert.DoesNotContain(blobs, name => name.StartsWith(BlobLayout.AttemptPrefix(disturbed, jobId, 2), StringComparison.Ordinal));
        var result = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(disturbed, jobId).Name, cancellationToken);
        var referenceJob = RecsysJobIds.DenseRound(reference, "mf", Specs.LongRoundSeed);
        var expected = await fixture.ReadRunBlobAsync<JobResult>(BlobLayout.JobResult(reference, referenceJob).Name, cancellationToken);
        Assert.Equal((1, 1), (expected.Attempt, result.Attempt));
        Assert.Equal(expected.Metrics, result.Metrics);

        var job = Assert.Single(await fixture.GetJobsAsync(disturbed, cancellationToken));
        Assert.Equal((JobState.Succeeded, 1), (job.State, job.Attempt));
    }

    /// <summary>Waits for the job's outcome on the <c>job-events</c> queue and deletes it; other outcomes reappear at once.</summary>
    private async Task DeleteOutcomeAsync(string runId, string jobId, CancellationToken cancellationToken)
    {
        var queue = new QueueClient(fixture.Stack.Endpoints.StorageConnectionString, QueueNames.JobEvents,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        while (true)
        {
            foreach (var message in (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromSeconds(1), cancellationToken)).Value)
            {
                var outcome = ContractJson.Deserialize<JobOutcome>(message.Body.ToMemory().Span, "job-events message");
                if (outcome.RunId == runId && outcome.JobId == jobId)
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    return;
                }
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
