using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Workflows.Functions.Tests.Support;

/// <summary>Keeps every Workflows log message with its level, for tests of what a function reports.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> records = new();

    public IEnumerable<string> Messages(LogLevel level) => records.Where(r => r.Level == level).Select(r => r.Message);

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("Workflows.", StringComparison.Ordinal) ? new Recorder(records) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Recorder(ConcurrentQueue<(LogLevel, string)> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            records.Enqueue((logLevel, formatter(state, exception)));
    }
}
