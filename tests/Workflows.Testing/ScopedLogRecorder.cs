using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Workflows.Testing;

/// <summary>One log record: its category, event, message and the key/value pairs of every scope it was written in.</summary>
public sealed record ScopedLogRecord(string Category, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Scope);

/// <summary>Keeps every log record of <c>Workflows.*</c> categories with the scopes it was written in.</summary>
public sealed class ScopedLogRecorder : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<ScopedLogRecord> records = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<ScopedLogRecord> Records => [.. records];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Recorder(ScopedLogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => category.StartsWith("Workflows.", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
            owner.scopes.ForEachScope(
                (value, into) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object>> pairs)
                    {
                        foreach (var (key, item) in pairs)
                        {
                            into[key] = item;
                        }
                    }
                },
                scope);
            owner.records.Enqueue(new ScopedLogRecord(category, eventId, formatter(state, exception), scope));
        }
    }
}
