using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Workflows.LocalStack;

namespace Workflows.Cli.Api;

/// <summary>
/// Where the CLI finds the system, first match wins: the <c>--api</c>/<c>--storage</c> options, the environment
/// (<c>Workflows__Cli__ApiUrl</c>, <c>Workflows__Storage__ConnectionString</c>), then the stack <c>wf up</c> is running.
/// </summary>
internal sealed record CliEndpoints(Uri ApiUrl, string? StorageConnectionString)
{
    public const string ApiUrlVariable = "Workflows__Cli__ApiUrl";
    public const string StorageVariable = "Workflows__Storage__ConnectionString";

    public static Option<string> ApiOption { get; } = new("--api")
    {
        Description = $"Base URL of the Workflows HTTP API (default: ${ApiUrlVariable}, else the stack `wf up` runs)",
        HelpName = "url",
    };

    public static Option<string> StorageOption { get; } = new("--storage")
    {
        Description = $"Storage connection string for uploads (default: ${StorageVariable}, else the stack `wf up` runs)",
        HelpName = "connection-string",
    };

    /// <summary>The file <c>wf up</c> writes while its stack runs.</summary>
    public static string RunningStackFile => Path.Combine(WorkflowsLocalStack.RepositoryRoot, ".local", "stack.json");

    public static CliEndpoints Resolve(ParseResult parseResult)
    {
        var stack = ReadRunningStack();
        Uri? api = (parseResult.GetValue(ApiOption) is { } option ? ParseApiUrl(option, "--api") : null)
            ?? (Variable(ApiUrlVariable) is { } url ? ParseApiUrl(url, $"${ApiUrlVariable}") : null)
            ?? stack?.Endpoints.HostUrl;
        string? storage = parseResult.GetValue(StorageOption) ?? Variable(StorageVariable) ?? stack?.Endpoints.StorageConnectionString;
        return api is null
            ? throw new CliException(ExitCodes.Unavailable, $"no Workflows API to talk to: start one with `wf up`, or pass --api (or set ${ApiUrlVariable})")
            : new CliEndpoints(api, storage);
    }

    /// <exception cref="CliException">Not an absolute http(s) URL; <paramref name="source"/> names where it came from.</exception>
    private static Uri ParseApiUrl(string value, string source) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new CliException(ExitCodes.InvalidInput, $"{source} '{value}' is not an http(s) URL such as http://127.0.0.1:5080/");

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    public string RequireStorage() => StorageConnectionString
        ?? throw new CliException(ExitCodes.Unavailable, $"no storage account to upload to: start one with `wf up`, or pass --storage (or set ${StorageVariable})");

    public static void WriteRunningStack(StackEndpoints endpoints)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(RunningStackFile)!);
        File.WriteAllText(RunningStackFile, JsonSerializer.Serialize(new RunningStack(Environment.ProcessId, endpoints), JsonSerializerOptions.Web));
    }

    public static void DeleteRunningStack() => File.Delete(RunningStackFile);

    /// <summary>The stack of a live <c>wf up</c>; a file left by one that died is ignored.</summary>
    private static RunningStack? ReadRunningStack()
    {
        if (!File.Exists(RunningStackFile))
        {
            return null;
        }

        try
        {
            var stack = JsonSerializer.Deserialize<RunningStack>(File.ReadAllText(RunningStackFile), JsonSerializerOptions.Web);
            return stack is not null && IsAlive(stack.ProcessId) ? stack : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private sealed record RunningStack(int ProcessId, StackEndpoints Endpoints);
}
