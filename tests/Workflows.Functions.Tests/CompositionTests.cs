using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workflows.Functions.Nightly;
using Workflows.Hosting.Nightly;
using Workflows.Functions.Tests.Support;
using Workflows.Orchestration.Durable;

namespace Workflows.Functions.Tests;

/// <summary>The app's own composition (what Program.cs builds), configured with local.settings.sample, without starting it.</summary>
public sealed class CompositionTests : IDisposable
{
    private readonly Microsoft.Extensions.Hosting.IHost app;

    public CompositionTests()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(FunctionsAppOutput.LocalSettingsSample()
            .Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)));
        app = builder.AddWorkflowsFunctionsApp().Build();
    }

    public void Dispose() => app.Dispose();

    [Fact]
    public void Settings_FromTheSample_PassEveryValidationTheAppRunsAtStart()
    {
        app.Services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("0 0 2 * * *", app.Services.GetRequiredService<IOptions<NightlyOptions>>().Value.Schedule);
    }

    [Fact]
    public void EveryFunctionClass_IsConstructedFromTheContainer()
    {
        var functionClasses = typeof(FunctionsAppComposition).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();

        Assert.Equal(7, functionClasses.Count);
        Assert.All(functionClasses, type => Assert.NotNull(ActivatorUtilities.CreateInstance(app.Services, type)));
    }

    [Fact]
    public void EveryOrchestratorAndActivity_IsConstructedFromTheContainer()
    {
        using var scope = app.Services.CreateScope();

        Assert.All(WorkflowTasks.Orchestrators.Concat(WorkflowTasks.Activities),
            task => Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, task.Type)));
    }
}
