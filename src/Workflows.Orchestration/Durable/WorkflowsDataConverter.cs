using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Workflows.Contracts;

namespace Workflows.Orchestration.Durable;

/// <summary>
/// The data converter every host must give the Durable worker and client: the contracts' JSON dialect
/// (<see cref="ContractJson"/>), so inputs, outputs, events and custom status read the same in the standalone host, the
/// Functions app and the application services (which parse serialized inputs, outputs and custom status with
/// <see cref="ContractJson"/>).
/// </summary>
/// <remarks>
/// Unlike <see cref="ContractJson.Options"/> it writes nulls: orchestration records carry nullable positional parameters,
/// which the contracts' dialect treats as required when reading.
/// </remarks>
public static class WorkflowsDataConverter
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static DataConverter Instance { get; } = new JsonDataConverter(Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ContractJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
