using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workflows.Functions.Tests.Support;

/// <summary>One HTTP request, as both hosts receive it.</summary>
internal sealed record ApiRequest(string Method, string PathAndQuery, string? Body = null, string? IdempotencyKey = null)
{
    public override string ToString() => $"{Method} {PathAndQuery}";
}

/// <summary>
/// What a host answered, comparable across hosts: the status code, the headers the API sets, and the body with the
/// engine's and the health check's own timings replaced (two engines never start a run in the same millisecond), in
/// JSON by member name and in text (Markdown reports) by their ISO 8601 form.
/// </summary>
internal sealed partial record ApiAnswer(int StatusCode, string? ContentType, string? Location, string Body)
{
    private static readonly HashSet<string> Timings = new(StringComparer.Ordinal) { "createdAt", "lastUpdatedAt", "startedAt", "finishedAt", "durationMs", "wallSeconds" };

    public static ApiAnswer Create(int statusCode, string? contentType, string? location, string body) =>
        new(statusCode, contentType, location, Normalize(body));

    public JsonNode JsonBody() => JsonNode.Parse(Body)!;

    /// <summary>This answer without the given top-level members of its JSON object body.</summary>
    public ApiAnswer Without(IReadOnlyCollection<string> members)
    {
        if (members.Count == 0)
        {
            return this;
        }

        JsonObject body = JsonBody().AsObject();
        foreach (string member in members)
        {
            Assert.True(body.Remove(member), $"the answer has no member '{member}' to leave out: {Body}");
        }

        return this with { Body = body.ToJsonString() };
    }

    private static string Normalize(string body)
    {
        if (body.Length == 0 || body[0] is not ('{' or '['))
        {
            return WallTime().Replace(IsoTimestamp().Replace(body, "(timing)"), "Wall time: (timing)");
        }

        JsonNode json = JsonNode.Parse(body)!;
        Mask(json);
        return json.ToJsonString();
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?( ?(Z|UTC|[+-]\d{2}:\d{2}))?")]
    private static partial Regex IsoTimestamp();

    /// <summary>The markdown report's wall time: each host's run takes its own.</summary>
    [GeneratedRegex(@"Wall time: \d+(\.\d+)? s")]
    private static partial Regex WallTime();

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (string key in obj.Select(p => p.Key).ToList())
                {
                    if (Timings.Contains(key))
                    {
                        obj[key] = "(timing)";
                    }
                    else
                    {
                        Mask(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    Mask(item);
                }

                break;
        }
    }
}

/// <summary>A host's HTTP API as the tests drive it.</summary>
internal interface IApiHost
{
    Task<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken);
}
