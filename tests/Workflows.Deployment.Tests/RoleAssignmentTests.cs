using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workflows.Deployment.Tests.Support;

namespace Workflows.Deployment.Tests;

[Collection(BicepCollection.Name)]
public sealed partial class RoleAssignmentTests(BicepFixture bicep)
{
    // Built-in role definition ids, written down independently of the templates.
    private static readonly Dictionary<string, string> RoleNames = new()
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"] = "Storage Blob Data Reader",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["c6a89b2d-59bc-44d0-9896-0f6e12d7b80a"] = "Storage Queue Data Message Sender",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"] = "Azure Service Bus Data Sender",
        ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = "Azure Service Bus Data Receiver",
        ["090c5cfd-751d-490a-894a-3ce6f1109419"] = "Azure Service Bus Data Owner",
        ["7f951dda-4ed3-4680-a7ca-43fe172d538d"] = "AcrPull",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
    };

    [Fact]
    public void RoleAssignments_DefaultDeployment_GrantExactlyTheLeastPrivilegeSet()
    {
        string[] expected =
        [
            "app -> Storage Blob Data Owner on storage account",
            "app -> Storage Queue Data Contributor on storage account",
            "app -> Storage Table Data Contributor on storage account",
            "app -> Azure Service Bus Data Sender on jobs queue",
            "app -> Monitoring Metrics Publisher on Application Insights",
            "worker -> Storage Blob Data Reader on storage account",
            "worker -> Storage Queue Data Message Sender on storage account",
            "worker -> Storage Blob Data Owner on runs container",
            "worker -> Azure Service Bus Data Receiver on jobs queue",
            "worker -> Azure Service Bus Data Sender on jobs queue",
            "worker -> AcrPull on container registry",
            "worker -> Monitoring Metrics Publisher on Application Insights",
            "scaler -> Azure Service Bus Data Owner on jobs queue",
            "deployer -> Storage Blob Data Contributor on storage account",
        ];

        Assert.Equal(expected.Order(), Assignments(Rbac(deployer: "deployer", registry: "cr1")).Order());
    }

    [Fact]
    public void RoleAssignments_NoRegistryAndNoDeployer_SkipAcrPullAndDeployerRoles()
    {
        string[] assignments = [.. Assignments(Rbac(deployer: "", registry: ""))];

        Assert.Equal(12, assignments.Length);
        Assert.DoesNotContain(assignments, a => a.Contains("AcrPull", StringComparison.Ordinal) || a.StartsWith("deployer", StringComparison.Ordinal));
    }

    [Fact]
    public void RbacModule_PrincipalParameters_ComeFromTheMatchingIdentities()
    {
        JsonObject parameters = bicep.Main.Resource("rbac")["properties"]!["parameters"]!.AsObject();

        Assert.Equal("[reference('appIdentity').principalId]", parameters["appPrincipalId"]!["value"]!.GetValue<string>());
        Assert.Equal("[reference('workerIdentity').principalId]", parameters["workerPrincipalId"]!["value"]!.GetValue<string>());
        Assert.Equal("[reference('scalerIdentity').principalId]", parameters["scalerPrincipalId"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void RoleAssignments_Everywhere_HaveGuidNamesPrincipalTypeAndBuiltInRoles()
    {
        ArmTemplate rbac = Rbac(deployer: "deployer", registry: "cr1");
        var assignments = rbac.Resources("Microsoft.Authorization/roleAssignments").ToList();

        Assert.Equal(6, assignments.Count);
        foreach ((string name, JsonObject resource) in assignments)
        {
            Assert.StartsWith("[guid(", resource["name"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.NotNull(resource["properties"]!["principalType"]);
            Assert.StartsWith("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ", resource["properties"]!["roleDefinitionId"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // No role assignment anywhere else in the deployment.
        Assert.Empty(bicep.Main.Resources("Microsoft.Authorization/roleAssignments"));
        foreach (string module in new[] { "monitoring", "storage", "serviceBus", "functionApp", "containerApps", "eventGrid" })
        {
            Assert.Empty(bicep.Main.Module(module).Resources("Microsoft.Authorization/roleAssignments"));
        }
    }

    private ArmTemplate Rbac(string deployer, string registry) =>
        bicep.Main.Module("rbac").With(new Dictionary<string, object?>
        {
            ["appPrincipalId"] = "app",
            ["workerPrincipalId"] = "worker",
            ["scalerPrincipalId"] = "scaler",
            ["deployerPrincipalId"] = deployer,
            ["registryName"] = registry,
        });

    /// <summary>Every assignment the rbac module makes, as "principal -> role on scope".</summary>
    private static IEnumerable<string> Assignments(ArmTemplate rbac)
    {
        foreach ((string _, JsonObject resource) in rbac.Resources("Microsoft.Authorization/roleAssignments"))
        {
            string scope = ScopeName(resource["scope"]!.GetValue<string>());
            if (resource["copy"] is JsonObject copy)
            {
                // count is "[length(<the assignment list>)]": evaluate the list itself.
                string count = copy["count"]!.GetValue<string>();
                var list = (IList<object?>)rbac.Evaluate(JsonValue.Create($"[{count["[length(".Length..^2]}]"))!;
                foreach (IDictionary<string, object?> assignment in list.Cast<IDictionary<string, object?>>())
                {
                    Assert.Equal("ServicePrincipal", assignment["principalType"]);
                    yield return $"{assignment["principalId"]} -> {RoleNames[(string)assignment["roleId"]!]} on {scope}";
                }
            }
            else if (rbac.Evaluate(resource["condition"]) is not false)
            {
                JsonNode properties = resource["properties"]!;
                string roleId = RoleIdPattern().Match(properties["roleDefinitionId"]!.GetValue<string>()).Groups[1].Value;
                yield return $"{rbac.Evaluate(properties["principalId"])} -> {RoleNames[rbac.EvaluateString(JsonValue.Create($"[variables('{roleId}')]"))]} on {scope}";
            }
        }
    }

    private static string ScopeName(string scopeExpression) => ScopeTypePattern().Match(scopeExpression).Groups[1].Value switch
    {
        "Microsoft.Storage/storageAccounts" => "storage account",
        "Microsoft.Storage/storageAccounts/blobServices/containers" when scopeExpression.Contains("parameters('runsContainerName')", StringComparison.Ordinal) => "runs container",
        "Microsoft.ServiceBus/namespaces/queues" when scopeExpression.Contains("parameters('jobsQueueName')", StringComparison.Ordinal) => "jobs queue",
        "Microsoft.ContainerRegistry/registries" => "container registry",
        "Microsoft.Insights/components" => "Application Insights",
        var other => $"unexpected scope {other}",
    };

    [GeneratedRegex(@"^\[resourceId\('([^']+)'")]
    private static partial Regex ScopeTypePattern();

    [GeneratedRegex(@"variables\('(\w+)'\)")]
    private static partial Regex RoleIdPattern();
}
