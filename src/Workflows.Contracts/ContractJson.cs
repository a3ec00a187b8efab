using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Workflows.Contracts;

/// <summary>
/// The one JSON dialect of every contract: camelCase, kebab-case enums, unknown members rejected so that a typo in a
/// manifest or spec is an error naming the field rather than a silently ignored setting.
/// </summary>
public static partial class ContractJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>Parses <paramref name="json"/>; any syntax or type error becomes a <see cref="ContractValidationException"/> naming <paramref name="source"/> and the JSON path.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new ContractValidationException(source, [new ValidationError("$", "the document is empty (null)")]);
        }
        catch (JsonException ex)
        {
            string field = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path.TrimStart('$', '.');
            string where = ex.LineNumber is { } line ? $" (line {line + 1})" : "";
            throw new ContractValidationException(source, [new ValidationError(field.Length == 0 ? "$" : field, Describe(ex) + where)]);
        }
    }

    public static T Deserialize<T>(string json, string source) => Deserialize<T>(System.Text.Encoding.UTF8.GetBytes(json), source);

    private static string Describe(JsonException ex)
    {
        // System.Text.Json names the .NET type an unknown member could not map to; users know fields, not types.
        if (UnmappedMember().Match(ex.Message) is { Success: true } unmapped)
        {
            return $"'{unmapped.Groups["name"].Value}' is not a known field here (a typo, or a field of another section?)";
        }

        string message = ex.Message;
        int pathStart = message.IndexOf(" Path:", StringComparison.Ordinal);
        return pathStart > 0 ? message[..pathStart] : message;
    }

    [GeneratedRegex("^The JSON property '(?<name>[^']*)' could not be mapped to any .NET member")]
    private static partial Regex UnmappedMember();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
