using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workflows.Contracts;
using Workflows.Deployment.Tests.Support;

namespace Workflows.Deployment.Tests;

[Collection(BicepCollection.Name)]
public sealed partial class TemplateTests(BicepFixture bicep)
{
    [Theory]
    [InlineData("T4", "Consumption-GPU-NC8as-T4")]
    [InlineData("A100", "Consumption-GPU-NC24-A100")]
    public void ContainerApps_GpuType_SelectsServerlessGpuProfileForTheWorker(string gpuType, string profileType)
    {
        ArmTemplate module = bicep.Main.With(new Dictionary<string, object?> { ["gpuType"] = gpuType }).Module("containerApps");
        JsonObject environment = Single(module, "Microsoft.App/managedEnvironments");
        JsonObject worker = Single(module, "Microsoft.App/containerApps");

        var profiles = (IList<object?>)module.Evaluate(environment["properties"]!["workloadProfiles"])!;
        var gpuProfile = profiles.Cast<IDictionary<string, object?>>().Single(p => (string)p["workloadProfileType"]! == profileType);
        Assert.Equal(gpuProfile["name"], module.Evaluate(worker["properties"]!["workloadProfileName"]));
    }

    [Fact]
    public void ContainerApps_WorkerScaleRule_IsKedaServiceBusWithManagedIdentityFromZero()
    {
        ArmTemplate module = bicep.Main.Module("containerApps");
        JsonObject worker = Single(module, "Microsoft.App/containerApps");
        JsonNode scale = worker["properties"]!["template"]!["scale"]!;
        JsonNode rule = scale["rules"]!.AsArray().Single()!;

        Assert.True(string.CompareOrdinal(worker["apiVersion"]!.GetValue<string>(), "2025-01-01") >= 0, "scale-rule identity needs API version 2025-01-01 or later");
        Assert.Equal(0, scale["minReplicas"]!.GetValue<int>());
        Assert.Equal("azure-servicebus", rule["custom"]!["type"]!.GetValue<string>());
        Assert.Equal("[parameters('scalerIdentityId')]", rule["custom"]!["identity"]!.GetValue<string>());
        Assert.Null(rule["custom"]!["auth"]);
        Assert.Equal("[parameters('jobsQueueName')]", rule["custom"]!["metadata"]!["queueName"]!.GetValue<string>());
        Assert.Equal(
            "[reference('serviceBus').outputs.jobsQueueName.value]",
            bicep.Main.Resource("containerApps")["properties"]!["parameters"]!["jobsQueueName"]!["value"]!.GetValue<string>());
        Assert.Equal("1", module.Evaluate(rule["custom"]!["metadata"]!["messageCount"]));
        Assert.Equal(
            "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('names').scalerIdentity)]",
            bicep.Main.Resource("containerApps")["properties"]!["parameters"]!["scalerIdentityId"]!["value"]!.GetValue<string>());

        // The scaler identity is attached to the app, and the worker has no secrets (no keys, no connection strings).
        Assert.Contains("[format('{0}', parameters('scalerIdentityId'))]", worker["identity"]!["userAssignedIdentities"]!.AsObject().Select(p => p.Key));
        Assert.Null(worker["properties"]!["configuration"]!["secrets"]);
    }

    [Fact]
    public void ServiceBus_JobsQueue_HasDuplicateDetectionDeadLetteringAndDeliveriesAboveRetryBudget()
    {
        ArmTemplate module = bicep.Main.Module("serviceBus");
        JsonObject queue = Single(module, "Microsoft.ServiceBus/namespaces/queues");
        JsonObject properties = queue["properties"]!.AsObject();
        JsonObject serviceBus = Single(module, "Microsoft.ServiceBus/namespaces");

        Assert.Equal(QueueNames.Jobs, module.Parameter("jobsQueueName"));
        Assert.True(properties["requiresDuplicateDetection"]!.GetValue<bool>());
        Assert.Equal("PT60M", module.Evaluate(properties["duplicateDetectionHistoryTimeWindow"]));
        Assert.True(properties["deadLetteringOnMessageExpiration"]!.GetValue<bool>());
        Assert.Equal("PT5M", module.Evaluate(properties["lockDuration"]));
        Assert.Equal(10L, module.Evaluate(properties["maxDeliveryCount"]));
        Assert.Equal(2L, bicep.Main.Parameter("workerRetryBudget"));
        Assert.True(serviceBus["properties"]!["disableLocalAuth"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(0L, 1L)]
    [InlineData(5L, 1L)]
    [InlineData(100L, 100L)]
    public void ServiceBus_MaxDeliveryCount_IsStrictlyAboveAnyRetryBudget(long retryBudget, long headroom)
    {
        var parameters = new Dictionary<string, object?> { ["workerRetryBudget"] = retryBudget, ["interruptedDeliveryHeadroom"] = headroom };
        ArmTemplate module = bicep.Main.With(parameters).Module("serviceBus");
        JsonObject queue = Single(module, "Microsoft.ServiceBus/namespaces/queues");

        Assert.Equal(retryBudget + headroom, module.Evaluate(queue["properties"]!["maxDeliveryCount"]));
        Assert.Equal(1L, bicep.Main.Json["parameters"]!["interruptedDeliveryHeadroom"]!["minValue"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("Standard")]
    [InlineData("Premium")]
    public void ServiceBus_Sku_FollowsTheParameter(string sku)
    {
        ArmTemplate module = bicep.Main.With(new Dictionary<string, object?> { ["serviceBusSku"] = sku }).Module("serviceBus");
        var skuValue = (IDictionary<string, object?>)module.Evaluate(Single(module, "Microsoft.ServiceBus/namespaces")["sku"])!;

        Assert.Equal(sku, skuValue["name"]);
        Assert.Equal(sku == "Premium" ? 1L : null, skuValue["capacity"]);
    }

    [Fact]
    public void Storage_Account_HasSharedKeyAccessOffAndTheContractsContainersAndQueues()
    {
        ArmTemplate module = bicep.Main.Module("storage");
        JsonObject account = Single(module, "Microsoft.Storage/storageAccounts");
        string containerLoop = Single(module, "Microsoft.Storage/storageAccounts/blobServices/containers")["copy"]!["count"]!.GetValue<string>();
        var queues = (IList<object?>)module.Variable("queues")!;

        Assert.False(account["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(account["properties"]!["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal(BlobLayout.Containers, ((IList<object?>)module.Variable("dataContainers")!).Cast<string>());
        Assert.Equal("[length(concat(variables('dataContainers'), createArray(parameters('deploymentContainerName'))))]", containerLoop);
        Assert.Equal([QueueNames.JobEvents, $"{QueueNames.JobEvents}-poison"], queues.Cast<string>());
    }

    [Fact]
    public void Storage_LifecycleRules_DeleteTaggedStaleCheckpointsAndOldRuns()
    {
        ArmTemplate module = bicep.Main.Module("storage");
        JsonObject policy = Single(module, "Microsoft.Storage/storageAccounts/managementPolicies");
        var rules = ((IList<object?>)((IDictionary<string, object?>)((IDictionary<string, object?>)module.Evaluate(policy["properties"])!)["policy"]!)["rules"]!)
            .Cast<IDictionary<string, object?>>().ToDictionary(r => (string)r["name"]!);

        var checkpointFilters = Filters(rules["delete-stale-checkpoints"]);
        Assert.Equal([$"{BlobLayout.RunsContainer}/"], ((IList<object?>)checkpointFilters["prefixMatch"]!).Cast<string>());
        var tag = (IDictionary<string, object?>)((IList<object?>)checkpointFilters["blobIndexMatch"]!).Single()!;
        Assert.Equal(("workflows-artifact", "==", "checkpoint"), ((string)tag["name"]!, (string)tag["op"]!, (string)tag["value"]!));
        Assert.Equal(14L, DeleteAfterDays(rules["delete-stale-checkpoints"]));
        Assert.Equal(180L, DeleteAfterDays(rules["delete-old-runs"]));

        ArmTemplate keepRuns = bicep.Main.With(new Dictionary<string, object?> { ["runRetentionDays"] = 0L }).Module("storage");
        var kept = (IDictionary<string, object?>)((IDictionary<string, object?>)keepRuns.Evaluate(Single(keepRuns, "Microsoft.Storage/storageAccounts/managementPolicies")["properties"])!)["policy"]!;
        Assert.Single((IList<object?>)kept["rules"]!);

        static IDictionary<string, object?> Filters(IDictionary<string, object?> rule) =>
            (IDictionary<string, object?>)((IDictionary<string, object?>)rule["definition"]!)["filters"]!;

        static object? DeleteAfterDays(IDictionary<string, object?> rule) =>
            ((IDictionary<string, object?>)((IDictionary<string, object?>)((IDictionary<string, object?>)((IDictionary<string, object?>)rule["definition"]!)["actions"]!)["baseBlob"]!)["delete"]!)["daysAfterModificationGreaterThan"];
    }

    [Fact]
    public void Main_ContractNames_MatchTheContractsConstants()
    {
        Assert.Equal(QueueNames.Jobs, bicep.Main.Variable("jobsQueueName"));
        Assert.Equal(QueueNames.JobEvents, bicep.Main.Variable("jobEventsQueueName"));
        Assert.Equal(BlobLayout.DatasetsContainer, bicep.Main.Variable("datasetsContainerName"));
        Assert.Equal(BlobLayout.RunsContainer, bicep.Main.Variable("runsContainerName"));
        Assert.Equal(BlobLayout.ManifestFileName, bicep.Main.Variable("manifestFileName"));
    }

    [Fact]
    public void FunctionApp_Site_IsFlexConsumptionDotnetIsolated10WithUserAssignedIdentity()
    {
        ArmTemplate module = bicep.Main.Module("functionApp");
        JsonObject plan = Single(module, "Microsoft.Web/serverfarms");
        JsonObject site = Single(module, "Microsoft.Web/sites");
        JsonNode config = site["properties"]!["functionAppConfig"]!;

        Assert.Equal(("FC1", "FlexConsumption"), (plan["sku"]!["name"]!.GetValue<string>(), plan["sku"]!["tier"]!.GetValue<string>()));
        Assert.Equal(("dotnet-isolated", "10.0"), (config["runtime"]!["name"]!.GetValue<string>(), config["runtime"]!["version"]!.GetValue<string>()));
        Assert.Equal("UserAssigned", site["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionApp_HostStorage_UsesIdentityBasedConnectionOnly()
    {
        IDictionary<string, object?> settings = FunctionAppSettings();

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.IsType<Unknown>(settings["AzureWebJobsStorage__clientId"]);
        foreach (string service in new[] { "blob", "queue", "table" })
        {
            Assert.IsType<Unknown>(settings[$"AzureWebJobsStorage__{service}ServiceUri"]);
        }

        Assert.False(settings.ContainsKey("AzureWebJobsStorage"));
        Assert.DoesNotContain(settings.Keys, k => k.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) && k.StartsWith("Workflows", StringComparison.Ordinal));
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", settings.Keys);
    }

    [Fact]
    public void EventGrid_Subscription_IsDeployedOnlyOnRequestAndFiltersManifestCreation()
    {
        Assert.Equal("[parameters('deployEventSubscription')]", bicep.Main.Resource("eventGrid")["condition"]!.GetValue<string>());
        Assert.Equal(false, bicep.Main.Parameter("deployEventSubscription"));

        ArmTemplate module = bicep.Main.Module("eventGrid");
        JsonNode filter = Single(module, "Microsoft.EventGrid/systemTopics/eventSubscriptions")["properties"]!["filter"]!;
        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter["includedEventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal($"/blobServices/default/containers/{BlobLayout.DatasetsContainer}/", module.Evaluate(filter["subjectBeginsWith"]));
        Assert.Equal($"/{BlobLayout.ManifestFileName}", module.Evaluate(filter["subjectEndsWith"]));
        Assert.Equal("Microsoft.Storage.StorageAccounts", Single(module, "Microsoft.EventGrid/systemTopics")["properties"]!["topicType"]!.GetValue<string>());
    }

    [Fact]
    public void Outputs_AllTemplates_CarryNoSecretsKeysOrConnectionStrings()
    {
        var templates = new List<(string Name, ArmTemplate Template)> { ("main", bicep.Main) };
        templates.AddRange(bicep.Main.Resources("Microsoft.Resources/deployments").Select(m => (m.Name, bicep.Main.Module(m.Name))));

        Assert.Equal(8, templates.Count);
        foreach ((string name, ArmTemplate template) in templates)
        {
            foreach ((string output, JsonNode? definition) in template.Json["outputs"]?.AsObject() ?? [])
            {
                string where = $"{name}.outputs.{output}";
                Assert.DoesNotMatch(SecretWords(), output);
                Assert.DoesNotMatch(SecretWords(), definition!["value"]!.ToJsonString());
                Assert.DoesNotMatch(ListFunctions(), definition["value"]!.ToJsonString());
                Assert.True(definition["type"]!.GetValue<string>() is "string" or "int" or "bool", $"{where} has type {definition["type"]}");
            }

            foreach ((string parameter, JsonNode? definition) in template.Json["parameters"]?.AsObject() ?? [])
            {
                Assert.False(definition!["type"]!.GetValue<string>().StartsWith("secure", StringComparison.OrdinalIgnoreCase), $"{name}.parameters.{parameter} is secure: nothing secret should pass between modules");
            }
        }
    }

    private static JsonObject Single(ArmTemplate template, string type) => Assert.Single(template.Resources(type)).Resource;

    private IDictionary<string, object?> FunctionAppSettings()
    {
        ArmTemplate module = bicep.Main.Module("functionApp");
        return (IDictionary<string, object?>)module.Evaluate(Single(module, "Microsoft.Web/sites/config")["properties"])!;
    }

    [GeneratedRegex("(?i)(key|secret|password|connectionstring|sharedaccess|sas)")]
    private static partial Regex SecretWords();

    [GeneratedRegex(@"(?i)\blist\w*\(")]
    private static partial Regex ListFunctions();
}
