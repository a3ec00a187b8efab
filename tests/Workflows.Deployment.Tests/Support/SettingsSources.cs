using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Workflows.Deployment.Tests.Support;

/// <summary>The three places that set the Workflows settings: compose, Bicep and local.settings.sample.</summary>
internal static class SettingsSources
{
    public const string UriPlaceholder = "https://deployment-time.invalid/";
    public const string TextPlaceholder = "deployment-time";

    /// <summary>The Values of local.settings.sample (Functions local.settings.json format).</summary>
    public static IReadOnlyDictionary<string, string?> LocalSettingsSample()
    {
        JsonObject root = JsonNode.Parse(RepositoryFiles.ReadText("local.settings.sample"))!.AsObject();
        Assert.False(root["IsEncrypted"]!.GetValue<bool>());
        return root["Values"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value!.GetValue<string>());
    }

    /// <summary>The environment of one service of infra/docker-compose.yml, with YAML merge keys applied.</summary>
    public static IReadOnlyDictionary<string, string?> ComposeEnvironment(string service)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(RepositoryFiles.ReadText("infra", "docker-compose.yml")))
        {
            stream.Load(reader);
        }

        var services = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
        Assert.True(services.Children.ContainsKey(service), $"infra/docker-compose.yml has no service '{service}'");
        var definition = (YamlMappingNode)services[service];
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (definition.Children.TryGetValue("environment", out YamlNode? node))
        {
            Flatten((YamlMappingNode)node, environment);
        }

        return environment;
    }

    public static IEnumerable<string> ComposeServices()
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepositoryFiles.ReadText("infra", "docker-compose.yml"));
        stream.Load(reader);
        return ((YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!);
    }

    /// <summary>
    /// Bicep settings evaluated from the compiled template; deployment-time values (endpoints, client ids) become
    /// placeholders of the setting's declared type so that the options validation can run on them.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> FromBicep(IReadOnlyDictionary<string, object?> settings, SettingsSchema schema) =>
        settings.ToDictionary(s => s.Key, s => s.Value switch
        {
            string text => text,
            long or bool => Convert.ToString(s.Value, System.Globalization.CultureInfo.InvariantCulture),
            Unknown when schema.TypeOf(s.Key) == typeof(Uri) => UriPlaceholder,
            Unknown when schema.TypeOf(s.Key) == typeof(string) => TextPlaceholder,
            _ => throw new InvalidOperationException($"Bicep setting {s.Key} = {s.Value} is not known before deployment and is not a string or URI"),
        });

    private static void Flatten(YamlMappingNode mapping, Dictionary<string, string?> into)
    {
        // Merge keys first, so that explicit entries override them.
        foreach ((YamlNode key, YamlNode value) in mapping.Children.Where(c => ((YamlScalarNode)c.Key).Value == "<<"))
        {
            Flatten((YamlMappingNode)value, into);
        }

        foreach ((YamlNode key, YamlNode value) in mapping.Children.Where(c => ((YamlScalarNode)c.Key).Value != "<<"))
        {
            into[((YamlScalarNode)key).Value!] = ((YamlScalarNode)value).Value;
        }
    }
}
