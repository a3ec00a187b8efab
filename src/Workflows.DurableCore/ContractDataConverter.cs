using Workflows.Orchestration.Durable;

namespace Workflows.DurableCore;

/// <summary>
/// DurableTask.Core's serializer for what the client sends (inputs, event payloads), delegating to
/// <see cref="WorkflowsDataConverter"/> so the shimmed tasks read exactly what they would in any other host.
/// </summary>
internal sealed class ContractDataConverter : DurableTask.Core.Serializing.DataConverter
{
    public override string Serialize(object value) => WorkflowsDataConverter.Instance.Serialize(value)!;

    public override string Serialize(object value, bool formatted) => Serialize(value);

    public override object Deserialize(string data, Type objectType) => WorkflowsDataConverter.Instance.Deserialize(data, objectType)!;
}
