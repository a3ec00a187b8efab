using Workflows.Deployment.Tests.Support;

namespace Workflows.Deployment.Tests;

/// <summary>
/// One settings schema, checked in three places: the options classes (found by reflection) against
/// infra/docker-compose.yml, the Bicep app settings and container environment, and local.settings.sample.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class SettingsTests(BicepFixture bicep)
{
    [Fact]
    public void Schema_OptionsClasses_AreDiscoveredByReflection()
    {
        string[] sections = [.. SettingsSchema.All.Sections.Select(s => s.Section)];

        Assert.Contains("Workflows:Storage", sections);
        Assert.Contains("Workflows:ServiceBus", sections);
        Assert.Contains("Workflows:Jobs", sections);
        Assert.Contains("Workflows:Queues", sections);
        Assert.Contains("Workflows:Worker", sections);
        Assert.Contains("Workflows:Telemetry", sections);
        Assert.Contains("Workflows:Api", sections);
        Assert.Contains("Workflows:Watcher", sections);
        Assert.Contains("Workflows:Orchestration", sections);
        Assert.Contains("Workflows__ServiceBus__FullyQualifiedNamespace", SettingsSchema.All.EnvironmentKeys);
    }

    [Fact]
    public void Schema_EmptySettings_FailValidation()
    {
        // The check below is only meaningful if missing connection settings are rejected.
        Assert.NotEmpty(SettingsSchema.FunctionsApp.Validate(new Dictionary<string, string?>()));
    }

    [Fact]
    public void LocalSettingsSample_Values_PassTheFunctionsAppValidation()
    {
        IReadOnlyDictionary<string, string?> sample = SettingsSources.LocalSettingsSample();

        Assert.Empty(SettingsSchema.FunctionsApp.Validate(sample));
        Assert.Equal("dotnet-isolated", sample["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", sample["AzureWebJobsStorage"]);
    }

    [Fact]
    public void LocalSettingsSample_AndBicep_TogetherSetEveryFunctionsAppSetting()
    {
        // Locally the sample uses connection strings, in Azure Bicep uses identity endpoints: between them, every key.
        var covered = SettingsSources.LocalSettingsSample().Keys.Concat(FunctionAppWorkflowsSettings().Keys).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(SettingsSchema.FunctionsApp.EnvironmentKeys.Except(covered).Order());
    }

    [Fact]
    public void BicepFunctionApp_Settings_PassValidationWithIdentityEndpoints()
    {
        IReadOnlyDictionary<string, object?> settings = FunctionAppWorkflowsSettings();

        Assert.Empty(SettingsSchema.FunctionsApp.Validate(SettingsSources.FromBicep(settings, SettingsSchema.FunctionsApp)));
        Assert.DoesNotContain(settings.Keys, k => k.EndsWith("ConnectionString", StringComparison.Ordinal));
        Assert.IsType<Unknown>(settings["Workflows__Storage__BlobServiceUri"]);
        Assert.IsType<Unknown>(settings["Workflows__ServiceBus__FullyQualifiedNamespace"]);
    }

    [Fact]
    public void BicepWorker_Environment_PassesValidationAndMatchesTheQueue()
    {
        IReadOnlyDictionary<string, object?> settings = ModuleWorkflowsSettings("containerApps");

        Assert.Empty(SettingsSchema.Worker.Validate(SettingsSources.FromBicep(settings, SettingsSchema.Worker)));
        Assert.Equal("10", settings["Workflows__ServiceBus__MaxDeliveryCount"]);
        Assert.Equal("2", settings["Workflows__Jobs__RetryBudget"]);
        Assert.DoesNotContain(settings.Keys, k => k.EndsWith("ConnectionString", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("host")]
    [InlineData("worker")]
    [InlineData("worker-gpu")]
    public void Compose_ServiceEnvironment_PassesValidation(string service)
    {
        SettingsSchema schema = service == "host" ? SettingsSchema.StandaloneHost : SettingsSchema.Worker;

        Assert.Empty(schema.Validate(SettingsSources.ComposeEnvironment(service)));
    }

    [Fact]
    public void EverySource_WorkflowsKeys_AreDeclaredByAnOptionsClass()
    {
        var sources = new Dictionary<string, IEnumerable<string>>
        {
            ["local.settings.sample"] = SettingsSources.LocalSettingsSample().Keys,
            ["bicep functionapp"] = FunctionAppWorkflowsSettings().Keys,
            ["bicep containerapps"] = ModuleWorkflowsSettings("containerApps").Keys,
            ["infra/worker.Dockerfile"] = ContainerFileTests.DockerfileEnvironmentKeys("worker.Dockerfile"),
            ["infra/host.Dockerfile"] = ContainerFileTests.DockerfileEnvironmentKeys("host.Dockerfile"),
        };
        foreach (string service in SettingsSources.ComposeServices())
        {
            sources[$"compose {service}"] = SettingsSources.ComposeEnvironment(service).Keys;
        }

        IReadOnlySet<string> known = SettingsSchema.All.EnvironmentKeys;
        var unknown = sources.SelectMany(s => s.Value.Where(SettingsSchema.IsWorkflowsKey).Where(k => !known.Contains(k)).Select(k => $"{s.Key}: {k}")).ToList();

        Assert.Empty(unknown);
        Assert.True(sources.Values.Sum(keys => keys.Count(SettingsSchema.IsWorkflowsKey)) > 40);
    }

    [Fact]
    public void Compose_QueueSettings_MatchTheEmulatorConfigAndBicepDefaults()
    {
        IReadOnlyDictionary<string, string?> worker = SettingsSources.ComposeEnvironment("worker");
        var queue = System.Text.Json.Nodes.JsonNode.Parse(RepositoryFiles.ReadText("infra", "servicebus-emulator", "Config.json"))!
            ["UserConfig"]!["Namespaces"]![0]!["Queues"]!.AsArray().Single(q => q!["Name"]!.GetValue<string>() == Contracts.QueueNames.Jobs)!["Properties"]!;
        ArmTemplate serviceBus = bicep.Main.Module("serviceBus");
        var bicepQueue = Assert.Single(serviceBus.Resources("Microsoft.ServiceBus/namespaces/queues")).Resource["properties"]!;

        Assert.Equal(worker["Workflows__ServiceBus__MaxDeliveryCount"], queue["MaxDeliveryCount"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(serviceBus.Evaluate(bicepQueue["maxDeliveryCount"]), (long)queue["MaxDeliveryCount"]!.GetValue<int>());
        Assert.Equal(serviceBus.Evaluate(bicepQueue["lockDuration"]), queue["LockDuration"]!.GetValue<string>());
        Assert.True(queue["RequiresDuplicateDetection"]!.GetValue<bool>());
        Assert.True(queue["DeadLetteringOnMessageExpiration"]!.GetValue<bool>());
        Assert.Equal(bicep.Main.Parameter("workerRetryBudget")!.ToString(), worker["Workflows__Jobs__RetryBudget"]);
    }

    [Fact]
    public void LocalStackJobsQueue_MatchesTheBicepJobsQueue()
    {
        ArmTemplate serviceBus = bicep.Main.Module("serviceBus");
        var bicepQueue = Assert.Single(serviceBus.Resources("Microsoft.ServiceBus/namespaces/queues")).Resource["properties"]!;

        Assert.Equal(serviceBus.Evaluate(bicepQueue["maxDeliveryCount"]), (long)LocalStack.LocalJobsQueue.MaxDeliveryCount);
        Assert.Equal(System.Xml.XmlConvert.ToTimeSpan(serviceBus.EvaluateString(bicepQueue["lockDuration"])), LocalStack.LocalJobsQueue.LockDuration);
        Assert.Equal(System.Xml.XmlConvert.ToTimeSpan(serviceBus.EvaluateString(bicepQueue["duplicateDetectionHistoryTimeWindow"])), LocalStack.LocalJobsQueue.DuplicateDetectionWindow);
        Assert.True(bicepQueue["requiresDuplicateDetection"]!.GetValue<bool>());
    }

    private IReadOnlyDictionary<string, object?> FunctionAppWorkflowsSettings() => ModuleWorkflowsSettings("functionApp");

    private IReadOnlyDictionary<string, object?> ModuleWorkflowsSettings(string module)
    {
        var settings = (IDictionary<string, object?>)bicep.Main.Module(module).Parameter("workflowsSettings")!;
        Assert.All(settings.Keys, k => Assert.True(SettingsSchema.IsWorkflowsKey(k), $"{module}: {k} is not under Workflows__"));
        return settings.AsReadOnly();
    }
}
