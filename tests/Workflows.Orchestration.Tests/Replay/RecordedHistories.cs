using System.Runtime.CompilerServices;
using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Workflows.Orchestration.Tests.Replay;

/// <summary>
/// The checked-in histories of one run: every instance (the run, its ticket searches, their jobs) by instance id, in
/// DurableTask.Core's own event types. After a deliberate orchestration change, re-record on the standalone engine with
/// <c>WORKFLOWS_RECORD_HISTORY=1 dotnet test tests/Workflows.Orchestration.Tests --filter FullyQualifiedName~ReplayTests</c>
/// and commit the new file (instances in flight under the old code will not replay: drain or purge them first).
/// </summary>
internal static class RecordedHistories
{
    public const string RecordVariable = "WORKFLOWS_RECORD_HISTORY";

    private static readonly JsonSerializerSettings Settings = new()
    {
        Converters = [new HistoryEventConverter()],
        Formatting = Formatting.Indented,
    };

    public static bool Recording => Environment.GetEnvironmentVariable(RecordVariable) == "1";

    public static string PathOf(string name, [CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, $"{name}.history.json");

    public static Dictionary<string, List<HistoryEvent>> Load(string name) =>
        JsonConvert.DeserializeObject<Dictionary<string, List<HistoryEvent>>>(File.ReadAllText(PathOf(name)), Settings)
        ?? throw new InvalidDataException($"{PathOf(name)} holds no histories");

    /// <summary>One instance's history as the backend returns it.</summary>
    public static List<HistoryEvent> Parse(string json) =>
        JsonConvert.DeserializeObject<List<HistoryEvent>>(json, Settings) ?? throw new InvalidDataException("empty history");

    public static void Save(string name, IReadOnlyDictionary<string, string> histories) =>
        File.WriteAllText(PathOf(name), JsonConvert.SerializeObject(histories.ToDictionary(h => h.Key, h => Parse(h.Value)), Settings) + "\n");
}

/// <summary>Reads a history event as the concrete type its <c>EventType</c> names, the way the Azure Storage backend writes it.</summary>
internal sealed class HistoryEventConverter : JsonConverter
{
    public override bool CanWrite => false;

    /// <summary>Only the abstract base: the concrete types are read by the serializer itself.</summary>
    public override bool CanConvert(Type objectType) => objectType == typeof(HistoryEvent);

    public override object ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
    {
        var item = JObject.Load(reader);
        var eventType = item[nameof(HistoryEvent.EventType)]!.ToObject<EventType>();
        var assembly = typeof(HistoryEvent).Assembly;
        var type = assembly.GetType($"DurableTask.Core.History.{eventType}Event") ?? assembly.GetType($"DurableTask.Core.History.{eventType}")
            ?? throw new JsonSerializationException($"no history event type for {eventType}");
        return serializer.Deserialize(item.CreateReader(), type)!;
    }

    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) => throw new NotSupportedException();
}
