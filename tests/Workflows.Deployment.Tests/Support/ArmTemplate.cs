using System.Globalization;
using System.Text.Json.Nodes;

namespace Workflows.Deployment.Tests.Support;

/// <summary>
/// A compiled ARM template (language version 2.0: resources keyed by symbolic name) with the parameter values it is
/// evaluated under: the defaults, overridden by what a parent passes to a module or by a test.
/// </summary>
internal sealed class ArmTemplate
{
    private readonly JsonObject json;
    private readonly IReadOnlyDictionary<string, object?> parameterValues;
    private readonly Dictionary<string, object?> variableCache = [];

    private ArmTemplate(JsonObject json, IReadOnlyDictionary<string, object?> parameterValues)
    {
        this.json = json;
        this.parameterValues = parameterValues;
    }

    public static ArmTemplate Root(JsonObject json) => new(json, new Dictionary<string, object?>());

    public JsonObject Json => json;

    /// <summary>The same template evaluated with some parameters set (on top of those already set).</summary>
    public ArmTemplate With(IReadOnlyDictionary<string, object?> parameters) =>
        new(json, parameterValues.Concat(parameters).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value));

    /// <summary>A resource by symbolic name (language version 2.0) or, in templates without symbolic names, by copy-loop name.</summary>
    public JsonObject Resource(string symbolicName) =>
        AllResources().Where(r => r.Name == symbolicName).Select(r => r.Resource).SingleOrDefault()
        ?? throw new KeyNotFoundException($"resource '{symbolicName}' not in the template");

    public IEnumerable<(string Name, JsonObject Resource)> Resources(string type) =>
        AllResources().Where(r => string.Equals(r.Resource["type"]!.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));

    private IEnumerable<(string Name, JsonObject Resource)> AllResources() => json["resources"] switch
    {
        JsonObject keyed => keyed.Select(r => (r.Key, r.Value!.AsObject())),
        JsonArray list => list.Select(r => (r!["copy"]?["name"]?.GetValue<string>() ?? r["name"]!.GetValue<string>(), r.AsObject())),
        _ => [],
    };

    /// <summary>The module's template, evaluated with the parameter values this template passes to it.</summary>
    public ArmTemplate Module(string symbolicName)
    {
        JsonObject deployment = Resource(symbolicName);
        JsonObject properties = deployment["properties"]!.AsObject();
        var passed = new Dictionary<string, object?>();
        foreach ((string name, JsonNode? parameter) in properties["parameters"]!.AsObject())
        {
            // A conditional value compiles to one expression producing the whole { value: ... } object.
            passed[name] = parameter is JsonObject literal
                ? Evaluate(literal["value"])
                : Evaluate(parameter) is IDictionary<string, object?> computed ? computed["value"] : new Unknown($"parameter {name}");
        }

        return new ArmTemplate(properties["template"]!.AsObject(), passed);
    }

    public object? Parameter(string name)
    {
        if (parameterValues.TryGetValue(name, out object? value))
        {
            return value;
        }

        JsonObject definition = json["parameters"]?[name]?.AsObject() ?? throw new KeyNotFoundException($"parameter '{name}' not declared");
        return definition.ContainsKey("defaultValue") ? Evaluate(definition["defaultValue"]) : new Unknown($"parameter {name} (no default)");
    }

    public object? Variable(string name)
    {
        if (!variableCache.TryGetValue(name, out object? value))
        {
            value = Evaluate(json["variables"]?[name] ?? throw new KeyNotFoundException($"variable '{name}' not declared"));
            variableCache[name] = value;
        }

        return value;
    }

    /// <summary>Evaluates a JSON value whose strings may be ARM expressions.</summary>
    public object? Evaluate(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Evaluate(p.Value)),
        JsonArray array => array.Select(Evaluate).ToList(),
        JsonValue v when v.TryGetValue(out string? s) => ArmExpression.IsExpression(s) ? ArmExpression.Evaluate(s[1..^1], Call) : s,
        JsonValue v when v.TryGetValue(out bool b) => b,
        JsonValue v when v.TryGetValue(out long l) => l,
        JsonValue v => v.ToString(),
        _ => throw new InvalidOperationException($"unexpected JSON node {node.ToJsonString()}"),
    };

    /// <summary>Evaluates a JSON value and requires a string the compiler can know (no deployment-time parts).</summary>
    public string EvaluateString(JsonNode? node) =>
        Evaluate(node) as string ?? throw new InvalidOperationException($"{node?.ToJsonString()} does not evaluate to a known string");

    private object? Call(string name, string[] path, object?[] arguments)
    {
        if (path.Length == 2)
        {
            return CallUserFunction(path[0], path[1], arguments);
        }

        if (name is not ("parameters" or "variables" or "createObject" or "createArray" or "empty" or "length" or "if")
            && arguments.Any(a => a is Unknown))
        {
            return new Unknown($"{name}(...)");
        }

        return name switch
        {
            "parameters" => Parameter((string)arguments[0]!),
            "variables" => Variable((string)arguments[0]!),
            "createObject" => Enumerable.Range(0, arguments.Length / 2).ToDictionary(i => (string)arguments[2 * i]!, i => arguments[(2 * i) + 1]),
            "createArray" => arguments.ToList(),
            "union" => arguments.Cast<IDictionary<string, object?>>().SelectMany(m => m).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            "concat" when arguments.All(a => a is string) => string.Concat(arguments.Cast<string>()),
            "concat" => arguments.Cast<IEnumerable<object?>>().SelectMany(a => a).ToList(),
            "string" => arguments[0] switch
            {
                string s => s,
                bool b => b ? "True" : "False",
                long l => l.ToString(CultureInfo.InvariantCulture),
                var other => new Unknown($"string({other})"),
            },
            "add" => (long)arguments[0]! + (long)arguments[1]!,
            "toLower" => ((string)arguments[0]!).ToLowerInvariant(),
            "format" => string.Format(CultureInfo.InvariantCulture, (string)arguments[0]!, arguments[1..]),
            "equals" => Equals(arguments[0], arguments[1]),
            "greater" => (long)arguments[0]! > (long)arguments[1]!,
            "greaterOrEquals" => (long)arguments[0]! >= (long)arguments[1]!,
            "less" => (long)arguments[0]! < (long)arguments[1]!,
            "lessOrEquals" => (long)arguments[0]! <= (long)arguments[1]!,
            "and" => arguments.All(a => (bool)a!),
            "or" => arguments.Any(a => (bool)a!),
            "not" => !(bool)arguments[0]!,
            "if" => arguments[0] is bool condition ? (condition ? arguments[1] : arguments[2]) : new Unknown("if(...)"),
            "empty" => arguments[0] switch
            {
                Unknown => new Unknown("empty(...)"),
                null => true,
                string s => s.Length == 0,
                System.Collections.ICollection c => c.Count == 0,
                _ => false,
            },
            "length" => arguments[0] switch
            {
                string s => (long)s.Length,
                System.Collections.ICollection c => (long)c.Count,
                _ => new Unknown("length(...)"),
            },
            _ => new Unknown($"{name}(...)"),
        };
    }

    private object? CallUserFunction(string ns, string member, object?[] arguments)
    {
        JsonObject function = json["functions"]!.AsArray()
            .Single(f => f!["namespace"]!.GetValue<string>() == ns)!["members"]![member]!.AsObject();
        var bound = function["parameters"]!.AsArray()
            .Select((p, i) => (Name: p!["name"]!.GetValue<string>(), Value: arguments[i]))
            .ToDictionary(p => p.Name, p => p.Value);
        return new ArmTemplate(json, bound).Evaluate(function["output"]!["value"]);
    }
}
