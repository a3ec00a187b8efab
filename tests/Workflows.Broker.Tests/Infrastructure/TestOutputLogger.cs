using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Workflows.Broker.Tests.Infrastructure;

/// <summary>
/// Routes broker logs to the output of the test running now, so a failure shows what the broker saw, and keeps them
/// for tests that assert on the log itself.
/// </summary>
public sealed class TestOutputLogger(LogLevel minimumLevel = LogLevel.Information) : ILogger
{
    readonly ConcurrentQueue<(int EventId, string Message)> _entries = new();

    public ITestOutputHelper? Output { get; set; }

    /// <summary>Every entry logged so far, oldest first.</summary>
    public IReadOnlyCollection<(int EventId, string Message)> Entries => _entries;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        _entries.Enqueue((eventId.Id, formatter(state, exception)));
        if (Output is not { } output)
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
