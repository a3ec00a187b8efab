namespace Workflows.Hosting.Telemetry;

/// <summary>Names of the activity sources and meters every host listens to.</summary>
public static class WorkflowsTelemetry
{
    /// <summary>Every Workflows project names its ActivitySource and Meter <c>Workflows.{Project}</c>.</summary>
    public const string SourcePattern = "Workflows.*";

    /// <summary>DurableTask.Core's own spans (orchestrations and activities).</summary>
    public const string DurableTaskSource = "DurableTask.Core";

    /// <summary>Azure SDK spans (Blob, Queue, Service Bus); emitted only with the experimental switch below on.</summary>
    public const string AzureSdkSourcePattern = "Azure.*";

    public const string AzureSdkActivitySwitch = "Azure.Experimental.EnableActivitySource";

    /// <summary>The run id's span tag and baggage key, as the job spans set it (<c>JobMessageProperties.RunId</c>).</summary>
    public const string RunIdTag = Orchestration.Durable.RunTelemetry.RunIdTag;
}
