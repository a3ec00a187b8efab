using System.Text.Json;
using Workflows.Contracts;
using Workflows.Testing;

namespace Workflows.IntegrationTests;

/// <summary>One run's spans, as the host and the worker processes exported them to their span files.</summary>
[Collection(StackCollection.Name)]
public sealed class TraceTests(StackFixture fixture)
{
    [Fact]
    public async Task ARunsSpans_ShareTheDispatchingHostsTrace_AcrossTheProcessBoundary_AndAllNameTheRun()
    {
        var cancellationToken = TestTimeouts.After(TimeSpan.FromMinutes(4));
        const string dataset = "lastfm-traced";
        string etag = await fixture.UploadLastFmAsync(dataset, Specs.SingleJob, cancellationToken);
        string runId = await fixture.WaitForRunIdAsync(dataset, etag, cancellationToken);
        var final = await fixture.WaitUntilFinishedAsync(runId, cancellationToken);
        Assert.Equal(RunState.Completed, final.State);

        var spans = ReadSpans(fixture.SpanDirectory);
        var sends = spans.Where(s => s.Process.StartsWith("Workflows.Host-", StringComparison.Ordinal) && s.Name == "jobs send" && s.RunId == runId).ToList();
        var processed = spans.Where(s => s.Process.StartsWith("Workflows.Worker-", StringComparison.Ordinal) && s.Name == "jobs process" && s.RunId == runId).ToList();

        // One job, one attempt: the host sent it once, the worker processed it once, as a child of the send's trace context.
        var send = Assert.Single(sends);
        var process = Assert.Single(processed);
        Assert.Equal(send.TraceId, process.TraceId);
        Assert.Contains(spans, s => s.Process == send.Process && s.SpanId == process.ParentSpanId && s.TraceId == send.TraceId);
        // Every span the worker made for the attempt (blob reads and writes, the outcome) is in that trace and names the run.
        var attempt = Descendants(spans.Where(s => s.Process == process.Process).ToList(), process).ToList();
        Assert.NotEmpty(attempt);
        Assert.All(attempt, s => Assert.Equal((send.TraceId, runId), (s.TraceId, s.RunId)));

        var host = spans.Where(s => s.Process == send.Process).ToList();
        // The host's side: DurableTask.Core's spans of the run's orchestrations (the run's own, its search and job
        // sub-orchestrations, {runId}.{step}) and activities name the run.
        var durable = host.Where(s => s.Source == "DurableTask.Core" && s.InstanceId is { } id && (id == runId || id.StartsWith($"{runId}.", StringComparison.Ordinal))).ToList();
        Assert.Contains(durable, s => s.Name.StartsWith("orchestration:RunJob", StringComparison.Ordinal));
        var activities = durable.Where(s => s.Name.StartsWith("activity:", StringComparison.Ordinal) && s.Kind == "Server").ToList();
        Assert.Contains(activities, s => s.Name.StartsWith("activity:DispatchJob", StringComparison.Ordinal));
        Assert.All(durable, s => Assert.Equal(runId, s.RunId));
        // What the activities called (blob reads and writes, the job's send) names the run too: the blob spans only
        // through the baggage the activity's span was given.
        var called = activities.SelectMany(activity => Descendants(host, activity)).ToList();
        Assert.Contains(called, s => s.Name == "jobs send");
        Assert.Contains(called, s => s.Source.StartsWith("Azure.Storage.Blobs", StringComparison.Ordinal));
        Assert.All(called, s => Assert.Equal(runId, s.RunId));
    }

    private static IEnumerable<Span> Descendants(IReadOnlyList<Span> spans, Span parent) =>
        spans.Where(s => s.ParentSpanId == parent.SpanId).SelectMany(child => Descendants(spans, child).Prepend(child));

    private static List<Span> ReadSpans(string directory) =>
        [.. Directory.GetFiles(directory, "*.jsonl").SelectMany(file => StackFixture.ReadShared(file)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Span.Parse(Path.GetFileNameWithoutExtension(file), line)))];

    /// <param name="Process">The span file's name: <c>{service}-{processId}</c>.</param>
    private sealed record Span(string Process, string TraceId, string SpanId, string? ParentSpanId, string Name, string Source, string Kind, string? RunId, string? InstanceId)
    {
        public static Span Parse(string process, string line)
        {
            var json = JsonDocument.Parse(line).RootElement;
            var tags = json.GetProperty("Tags");
            return new Span(process, json.GetProperty("TraceId").GetString()!, json.GetProperty("SpanId").GetString()!,
                json.GetProperty("ParentSpanId").GetString(), json.GetProperty("Name").GetString()!, json.GetProperty("Source").GetString()!,
                json.GetProperty("Kind").GetString()!, Tag(tags, "runId"), Tag(tags, "durabletask.task.instance_id"));
        }

        private static string? Tag(JsonElement tags, string name) => tags.TryGetProperty(name, out var value) ? value.GetString() : null;
    }
}
