using System.Diagnostics;
using System.Text.Json;
using OpenTelemetry;

namespace Workflows.Hosting.Telemetry;

/// <summary>
/// Appends every finished span as one JSON line (<c>traceId</c>, <c>spanId</c>, <c>parentSpanId</c>, <c>name</c>,
/// <c>source</c>, <c>kind</c>, <c>tags</c>) to <c>{directory}/{service}-{processId}.jsonl</c>: one file per process, so
/// that a test can follow a run's trace from the host into the worker without a collector.
/// </summary>
internal sealed class SpanFileExporter(string directory, string service) : BaseExporter<Activity>
{
    private readonly string path = Path.Combine(directory, $"{service}-{Environment.ProcessId}.jsonl");
    private readonly Lock writing = new();

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var lines = new List<string>();
        foreach (var span in batch)
        {
            lines.Add(JsonSerializer.Serialize(new SpanLine(
                span.TraceId.ToHexString(), span.SpanId.ToHexString(), span.ParentSpanId == default ? null : span.ParentSpanId.ToHexString(),
                span.DisplayName, span.Source.Name, span.Kind.ToString(),
                span.TagObjects.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture)))));
        }

        lock (writing)
        {
            Directory.CreateDirectory(directory);
            File.AppendAllLines(path, lines);
        }

        return ExportResult.Success;
    }

    private sealed record SpanLine(string TraceId, string SpanId, string? ParentSpanId, string Name, string Source, string Kind, Dictionary<string, string?> Tags);
}
