using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Infrastructure;

/// <summary>Routes broker logs to the output of the test running now, so a failure shows what the broker saw.</summary>
public sealed class TestOutputLogger(LogLevel minimumLevel = LogLevel.Information) : ILogger
{
    public ITestOutputHelper? Output { get; set; }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel) || Output is not { } output)
        {
            return;
        }

        try
        {
            output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} [{eventId.Id}] {formatter(state, exception)} {exception}");
        }
        catch (InvalidOperationException)
        {
            // The test that owned this output has finished.
        }
    }
}
