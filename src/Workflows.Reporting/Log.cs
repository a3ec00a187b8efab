using Microsoft.Extensions.Logging;

namespace Workflows.Reporting;

/// <summary>Source-generated log messages of the report writer (event ids 5000–5099).</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Wrote the report of run {RunId}: {Json}, {Markdown}, {Html} and {Plots} plots")]
    public static partial void ReportWritten(ILogger logger, string runId, string json, string markdown, string html, int plots);

    [LoggerMessage(5001, LogLevel.Warning, "Run {RunId}: {Missing} of {Expected} job results are missing; their rounds are reported without numbers")]
    public static partial void ResultsMissing(ILogger logger, string runId, int missing, int expected);

    [LoggerMessage(5002, LogLevel.Warning, "Run {RunId}: {Missing} of {Expected} job results are missing; their worker time is left out of the report's accounting")]
    public static partial void AccountedResultsMissing(ILogger logger, string runId, int missing, int expected);
}
