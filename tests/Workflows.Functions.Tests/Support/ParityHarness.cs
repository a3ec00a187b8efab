using Microsoft.Extensions.Logging;
using Workflows.Testing;
using Xunit.Abstractions;

namespace Workflows.Functions.Tests.Support;

/// <summary>
/// Two identical worlds, one behind the standalone host's HTTP pipeline and one behind the Functions app's functions:
/// every request goes to both, and both must answer alike. Separate worlds, so that a start answers "created" in each.
/// </summary>
internal sealed class ParityHarness : IAsyncDisposable
{
    private readonly ITestOutputHelper output;
    private readonly ILoggerFactory loggerFactory;
    private readonly StandaloneApiHost standaloneApi;

    private ParityHarness(ITestOutputHelper output, ILoggerFactory loggerFactory, ApiWorld standalone, ApiWorld functions, StandaloneApiHost standaloneApi)
    {
        this.output = output;
        this.loggerFactory = loggerFactory;
        this.standaloneApi = standaloneApi;
        Standalone = standalone;
        Functions = functions;
        FunctionsApi = new FunctionsApiHost(functions);
    }

    public ApiWorld Standalone { get; }

    public ApiWorld Functions { get; }

    public FunctionsApiHost FunctionsApi { get; }

    public IEnumerable<ApiWorld> Worlds => [Standalone, Functions];

    public static async Task<ParityHarness> StartAsync(ITestOutputHelper output)
    {
        // InProcessTestHost logs hundreds of lines per run at Information.
        var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new XunitLoggerProvider(output, LogLevel.Warning)));
        var worlds = await Task.WhenAll(ApiWorld.StartAsync(loggerFactory), ApiWorld.StartAsync(loggerFactory));
        var standaloneApi = await StandaloneApiHost.StartAsync(worlds[0], loggerFactory);
        return new ParityHarness(output, loggerFactory, worlds[0], worlds[1], standaloneApi);
    }

    /// <summary>Sends the request to both hosts, asserts the answers are alike, and returns the standalone host's.</summary>
    /// <param name="racing">Top-level body members that reflect how far each engine got while the request ran, left out of the comparison.</param>
    public async Task<ApiAnswer> AssertSameAnswerAsync(ApiRequest request, params string[] racing)
    {
        var cancellation = TestTimeouts.After(TimeSpan.FromSeconds(30));
        var standalone = await standaloneApi.SendAsync(request, cancellation);
        var functions = await FunctionsApi.SendAsync(request, cancellation);
        output.WriteLine($"{request}: standalone {standalone.StatusCode} {standalone.Body}");
        output.WriteLine($"{request}: functions {functions.StatusCode} {functions.Body}");
        Assert.Equal(standalone.Without(racing), functions.Without(racing));
        return standalone;
    }

    public async ValueTask DisposeAsync()
    {
        await standaloneApi.DisposeAsync();
        await Standalone.DisposeAsync();
        await Functions.DisposeAsync();
        loggerFactory.Dispose();
    }
}
