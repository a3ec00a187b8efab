using System.Diagnostics;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Contracts;
using Workflows.Infrastructure.Messaging;
using Workflows.Orchestration.Ports;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Infrastructure.Tests;

[Collection(InfrastructureCollection.Name)]
public sealed class ServiceBusJobDispatcherTests(InfrastructureStack stack, ITestOutputHelper output)
{
    private static JobMessage Job(int attempt) => new()
    {
        JobId = "lastfm-0123456789abcdef.mf-imp-s2020.r01",
        RunId = "lastfm-0123456789abcdef",
        InstanceId = "lastfm-0123456789abcdef:mf-imp-s2020",
        Kind = JobKinds.NoOp,
        Attempt = attempt,
        Inputs = new Dictionary<string, string> { ["dataset"] = "runs/lastfm-0123456789abcdef/prepared/dataset.bin" },
        Parameters = JsonSerializer.SerializeToElement(new { round = 1 }),
        Deadline = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
        TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        TraceState = "congo=t61rcWkgMzE",
    };

    [Fact]
    public async Task DispatchAsync_SameAttemptTwiceAndNextAttempt_DeliversTwoMessagesWithIdsPropertiesAndBody()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await stack.CreateServicesAsync(output, new Dictionary<string, string?> { ["Workflows:ServiceBus:JobsQueue"] = "jobs-dedupe" });
        var dispatcher = services.GetRequiredService<IJobDispatcher>();

        await dispatcher.DispatchAsync(Job(1), null, ct);
        await dispatcher.DispatchAsync(Job(1), null, ct);
        await dispatcher.DispatchAsync(Job(2), null, ct);

        await using var receiver = services.GetRequiredService<ServiceBusClient>().CreateReceiver("jobs-dedupe");
        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < 3 && await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(received.Count < 2 ? 5 : 1), ct) is { } message)
        {
            received.Add(message);
            await receiver.CompleteMessageAsync(message, ct);
        }

        Assert.Equal([$"{Job(1).JobId}#1", $"{Job(1).JobId}#2"], received.Select(m => m.MessageId));
        var first = received[0];
        Assert.Equal(Job(1).RunId, first.ApplicationProperties[JobMessageProperties.RunId]);
        Assert.Equal(Job(1).JobId, first.ApplicationProperties[JobMessageProperties.JobId]);
        Assert.Equal(1, first.ApplicationProperties[JobMessageProperties.Attempt]);
        Assert.Equal(Job(1).TraceParent, first.ApplicationProperties[JobMessageProperties.TraceParent]);
        Assert.Equal(Job(1).TraceState, first.ApplicationProperties[JobMessageProperties.TraceState]);
        var parent = JobMessageProperties.ParentContext(first.ApplicationProperties);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", parent!.Value.TraceId.ToHexString());

        var body = ContractJson.Deserialize<JobMessage>(first.Body.ToMemory().Span, "received");
        Assert.Equal(Job(1).Inputs, body.Inputs);
        Assert.Equal(1, body.Parameters.GetProperty("round").GetInt32());
        Assert.Equal(Job(1).Deadline, body.Deadline);
    }

    [Fact]
    public async Task DispatchAsync_NotBefore_MessageIsScheduledAndArrivesAfterIt()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await stack.CreateServicesAsync(output, new Dictionary<string, string?> { ["Workflows:ServiceBus:JobsQueue"] = "jobs-scheduled" });
        // AMQP carries whole milliseconds (rounded, where ToUnixTimeMilliseconds truncates), so start from a whole one.
        var notBefore = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddSeconds(1.5).ToUnixTimeMilliseconds());

        await services.GetRequiredService<IJobDispatcher>().DispatchAsync(Job(3) with { TraceParent = null, TraceState = null }, notBefore, ct);

        await using var receiver = services.GetRequiredService<ServiceBusClient>().CreateReceiver("jobs-scheduled");
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500), ct));
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), ct);
        Assert.NotNull(message);
        Assert.True(DateTimeOffset.UtcNow >= notBefore.AddMilliseconds(-50));
        Assert.Equal(notBefore.ToUnixTimeMilliseconds(), message.ScheduledEnqueueTime.ToUnixTimeMilliseconds());
        Assert.False(message.ApplicationProperties.ContainsKey(JobMessageProperties.TraceParent));
        await receiver.CompleteMessageAsync(message, ct);
    }

    [Fact]
    public async Task DispatchAsync_InsideAnActivity_CarriesTheActivityAsParent()
    {
        var ct = TestTimeouts.After(TimeSpan.FromSeconds(60));
        await using var services = await stack.CreateServicesAsync(output, new Dictionary<string, string?> { ["Workflows:ServiceBus:JobsQueue"] = "jobs-dedupe" });
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkflowsActivities.SourceName || source.Name == "test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("test");
        using var orchestration = source.StartActivity("dispatch")!;

        await services.GetRequiredService<IJobDispatcher>().DispatchAsync(Job(9) with { TraceParent = null, TraceState = null }, null, ct);

        await using var receiver = services.GetRequiredService<ServiceBusClient>().CreateReceiver("jobs-dedupe");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), ct);
        await receiver.CompleteMessageAsync(message!, ct);
        var parent = JobMessageProperties.ParentContext(message!.ApplicationProperties);
        Assert.Equal(orchestration.TraceId, parent!.Value.TraceId);
        Assert.NotEqual(orchestration.SpanId, parent.Value.SpanId);
    }
}
