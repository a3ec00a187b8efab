using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Workflows.Functions.Api;
using Workflows.Functions.Tests.Support;
using Workflows.Hosting.Api;
using Workflows.Orchestration.Durable;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Functions.Tests;

/// <summary>What the application services log while serving a <c>/api/runs/{runId}/...</c> request names the run, in both hosts.</summary>
public sealed class RunLogScopeTests(ITestOutputHelper output)
{
    private const int RunStartedEvent = 1010;
    private const int CancelRequestedEvent = 1013;

    [Fact]
    public async Task CancelThroughEitherHost_LogsInTheRunsScope_AndStartsOutsideAnyRunsScope()
    {
        var logs = new ScopedLogRecorder();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new XunitLoggerProvider(output, LogLevel.Warning)).AddProvider(logs));
        await using var world = await ApiWorld.StartAsync(loggerFactory);
        world.Upload("lastfm", ApiWorld.Manifest("lastfm"));
        await using var standalone = await StandaloneApiHost.StartAsync(world, loggerFactory);
        var functions = new FunctionsApiHost(world);
        var cancellation = TestTimeouts.After(TimeSpan.FromSeconds(30));
        string first = RunId(await standalone.SendAsync(new("POST", "/api/runs", """{ "dataset": "lastfm" }""", "first"), cancellation));
        string second = RunId(await standalone.SendAsync(new("POST", "/api/runs", """{ "dataset": "lastfm" }""", "second"), cancellation));

        var viaStandalone = await standalone.SendAsync(new("POST", $"/api/runs/{first}/cancel"), cancellation);
        // The Functions worker runs every invocation through the middleware, with the route's values as binding data.
        var viaFunctions = await InvokeThroughMiddlewareAsync(loggerFactory, second, () => functions.SendAsync(new("POST", $"/api/runs/{second}/cancel"), cancellation));

        Assert.Equal((202, 202), (viaStandalone.StatusCode, viaFunctions.StatusCode));
        var cancels = logs.Records.Where(r => r.EventId.Id == CancelRequestedEvent).Select(r => r.Scope.GetValueOrDefault(RunTelemetry.RunIdScope));
        Assert.Equal([first, second], cancels);
        var starts = logs.Records.Where(r => r.EventId.Id == RunStartedEvent).ToList();
        Assert.Equal(2, starts.Count);
        Assert.All(starts, r => Assert.False(r.Scope.ContainsKey(RunTelemetry.RunIdScope)));
    }

    private static string RunId(ApiAnswer started) => (string)started.JsonBody()["runId"]!;

    private static async Task<ApiAnswer> InvokeThroughMiddlewareAsync(ILoggerFactory loggerFactory, string runId, Func<Task<ApiAnswer>> function)
    {
        ApiAnswer? answer = null;
        var context = new RouteInvocation(new Dictionary<string, object?> { [ApiRoutes.RunIdParameter] = runId });
        await new RunScopeMiddleware(loggerFactory.CreateLogger<RunScopeMiddleware>()).Invoke(context, async _ => answer = await function());
        return answer!;
    }

    /// <summary>An invocation with nothing but its binding data: the part of the context the middleware reads.</summary>
    private sealed class RouteInvocation(IReadOnlyDictionary<string, object?> bindingData) : FunctionContext
    {
        public override string InvocationId => "invocation-1";

        public override string FunctionId => "CancelRun";

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext { get; } = new Bindings(bindingData);

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; } = null!;

        public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override Microsoft.Azure.Functions.Worker.IInvocationFeatures Features => throw new NotSupportedException();

        private sealed class Bindings(IReadOnlyDictionary<string, object?> data) : BindingContext
        {
            public override IReadOnlyDictionary<string, object?> BindingData => data;
        }
    }
}
