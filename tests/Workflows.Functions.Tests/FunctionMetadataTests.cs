using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Contracts;
using Workflows.Functions.Nightly;
using Workflows.Hosting.Nightly;
using Workflows.Functions.Tests.Support;
using Workflows.Functions.Triggers;
using Workflows.Host.Api;
using Workflows.Hosting.Health;
using Workflows.Infrastructure.Queues;
using Workflows.Orchestration.Application;

namespace Workflows.Functions.Tests;

/// <summary>What the Functions host will load, read from the app's build output (functions.metadata, extensions.json, host.json).</summary>
public sealed class FunctionMetadataTests
{
    private static readonly string[] HttpFunctions = ["StartRun", "ListRuns", "GetRun", "DeleteRun", "ListRunJobs", "GetJobLog", "CancelRun", "RetryRun", "GetRunReport", "ListRunReportFiles", "GetRunReportFile", "ListDatasets", "ListModels", "Recommend", "GetHealth"];

    [Fact]
    public void Metadata_ListsEveryFunction()
    {
        string[] expected = [.. HttpFunctions, DatasetManifestFunction.Name, JobEventsFunction.Name, NightlyRetrainFunction.Name];

        Assert.Equal(expected.Order(), Functions().Keys.Order());
    }

    [Theory]
    [InlineData("StartRun", "post", "runs")]
    [InlineData("ListRuns", "get", "runs")]
    [InlineData("ListModels", "get", "models")]
    [InlineData("Recommend", "post", "models/{dataset}/{model}/recommend")]
    [InlineData("GetRun", "get", "runs/{runId}")]
    [InlineData("ListRunJobs", "get", "runs/{runId}/jobs")]
    [InlineData("DeleteRun", "delete", "runs/{runId}")]
    [InlineData("GetJobLog", "get", "runs/{runId}/jobs/{jobId}/log")]
    [InlineData("CancelRun", "post", "runs/{runId}/cancel")]
    [InlineData("RetryRun", "post", "runs/{runId}/retry")]
    [InlineData("GetRunReport", "get", "runs/{runId}/report")]
    [InlineData("ListRunReportFiles", "get", "runs/{runId}/report/files")]
    [InlineData("GetRunReportFile", "get", "runs/{runId}/report/files/{*name}")]
    [InlineData("ListDatasets", "get", "datasets")]
    [InlineData("GetHealth", "get", "health")]
    public void HttpFunction_HasItsRouteMethodAndFunctionKey_AndAnswersThroughItsReturnValue(string function, string method, string route)
    {
        JsonObject trigger = Trigger(function);

        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        Assert.Equal(route, (string?)trigger["route"]);
        Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => (string?)m));
        Assert.Equal("Function", (string?)trigger["authLevel"]);
        Assert.Contains(Bindings(function), b => (string?)b["name"] == "$return" && (string?)b["type"] == "http" && (string?)b["direction"] == "Out");
    }

    [Fact]
    public void HttpFunctions_ServeExactlyTheStandaloneHostsRoutes()
    {
        string prefix = (string)FunctionsAppOutput.HostJson["extensions"]!["http"]!["routePrefix"]!;
        var functions = HttpFunctions
            .Select(f => Trigger(f))
            .Select(t => $"{((string)t["methods"]![0]!).ToUpperInvariant()} /{prefix}/{(string)t["route"]!}");

        Assert.Equal(StandaloneRoutes().Order(), functions.Order());
    }

    [Fact]
    public void BlobTrigger_WatchesManifestsThroughEventGrid_UnderTheNameBicepSubscribes()
    {
        JsonObject trigger = Trigger(DatasetManifestFunction.Name);
        string bicep = FunctionsAppOutput.ReadRepositoryText("bicep", "main.bicep");

        Assert.Equal("blobTrigger", (string?)trigger["type"]);
        Assert.Equal("datasets/{dataset}/dataset.json", (string?)trigger["path"]);
        Assert.Equal("EventGrid", (string?)trigger["source"]);
        Assert.Contains($"param blobTriggerFunctionName string = '{DatasetManifestFunction.Name}'", bicep, StringComparison.Ordinal);
    }

    [Fact]
    public void QueueTrigger_ReadsTheJobEventsQueueNamedByTheWorkersSetting()
    {
        JsonObject trigger = Trigger(JobEventsFunction.Name);
        var sample = FunctionsAppOutput.LocalSettingsSample();

        Assert.Equal("queueTrigger", (string?)trigger["type"]);
        Assert.Equal("%Workflows:Queues:JobEvents%", (string?)trigger["queueName"]);
        Assert.Equal(QueueNames.JobEvents, sample["Workflows__Queues__JobEvents"]);
    }

    [Fact]
    public void TimerTrigger_TakesItsScheduleFromConfiguration()
    {
        JsonObject trigger = Trigger(NightlyRetrainFunction.Name);
        var sample = FunctionsAppOutput.LocalSettingsSample();

        Assert.Equal("timerTrigger", (string?)trigger["type"]);
        Assert.Equal("%Workflows:Nightly:Schedule%", (string?)trigger["schedule"]);
        Assert.Equal(new NightlyOptions().Schedule, sample["Workflows__Nightly__Schedule"]);
    }

    [Fact]
    public void EveryFunctionButHealthAndModels_HasADurableClient_SoTheDurableExtensionIsIncluded()
    {
        var withClient = Functions().Where(f => f.Value.Any(b => (string?)b!["type"] == "durableClient")).Select(f => f.Key);
        var extensions = FunctionsAppOutput.ExtensionsJson["extensions"]!.AsArray().Select(e => (string?)e!["name"]).ToList();

        // Health and the models routes read storage only; no orchestration is involved.
        Assert.Equal(Functions().Keys.Where(f => f is not ("GetHealth" or "ListModels" or "Recommend")).Order(), withClient.Order());
        Assert.Contains("DurableTask", extensions);
        Assert.Contains("AzureStorageBlobs", extensions);
        Assert.Contains("AzureStorageQueues", extensions);
    }

    [Fact]
    public void HostJson_QueueRetries_MatchTheStandaloneConsumer()
    {
        JsonNode queues = FunctionsAppOutput.HostJson["extensions"]!["queues"]!;
        var standalone = new QueueOptions();

        Assert.Equal(standalone.MaxDequeueCount, (int)queues["maxDequeueCount"]!);
        Assert.Equal(standalone.BatchSize, (int)queues["batchSize"]!);
        Assert.Equal(standalone.VisibilityTimeout, TimeSpan.Parse((string)queues["visibilityTimeout"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("base64", (string?)queues["messageEncoding"]);
    }

    [Fact]
    public void HostJson_TunesTheDurableAzureStorageProvider()
    {
        JsonNode durable = FunctionsAppOutput.HostJson["extensions"]!["durableTask"]!;
        JsonNode storage = durable["storageProvider"]!;

        Assert.Equal("AzureStorage", (string?)storage["type"]);
        Assert.InRange((int)storage["partitionCount"]!, 1, 16);
        Assert.True((bool)durable["extendedSessionsEnabled"]!);
        Assert.True(TimeSpan.Parse((string)storage["maxQueuePollingInterval"]!, System.Globalization.CultureInfo.InvariantCulture) <= TimeSpan.FromSeconds(5));
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", (string?)durable["hubName"]);
        // Both hosts may run against one storage account (Azurite locally): separate task hubs keep their work apart.
        Assert.NotEqual(new DurableCore.DurableEngineOptions().TaskHubName, (string?)durable["hubName"]);
    }

    private static Dictionary<string, JsonArray> Functions() =>
        FunctionsAppOutput.FunctionsMetadata.ToDictionary(f => (string)f!["name"]!, f => f!["bindings"]!.AsArray());

    private static IEnumerable<JsonObject> Bindings(string function) => Functions()[function].Select(b => b!.AsObject());

    private static JsonObject Trigger(string function) =>
        Assert.Single(Bindings(function), b => ((string)b["type"]!).EndsWith("Trigger", StringComparison.Ordinal));

    /// <summary>"METHOD /path" of every endpoint the standalone host maps (its own MapHostApi and health endpoint).</summary>
    private static IEnumerable<string> StandaloneRoutes()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddWorkflowsHealthChecks().AddWorkflowsOrchestrations().AddHostApi();
        var app = builder.Build();
        app.MapWorkflowsHealth();
        app.MapHostApi();
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetRequiredMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>().HttpMethods
                .Select(m => $"{m} {e.RoutePattern.RawText}"));
    }
}
