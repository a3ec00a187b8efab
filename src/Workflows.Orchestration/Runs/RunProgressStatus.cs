using System.Text.Json;
using Workflows.Orchestration.Durable;
using Workflows.Contracts;

namespace Workflows.Orchestration.Runs;

/// <summary>
/// Keeps a run's custom status under <see cref="SizeLimits.MaxCustomStatusBytes"/> by construction: error texts are
/// shortened, then the oldest errors and the last steps are dropped (a note says how many) until it fits.
/// </summary>
public static class RunProgressStatus
{
    public const int MaxErrorChars = 512;
    public const int MaxErrors = 10;

    public static RunProgress Bounded(RunProgress progress)
    {
        var errors = progress.Errors.Count > MaxErrors
            ? [$"{progress.Errors.Count - MaxErrors + 1} earlier errors omitted", .. progress.Errors.TakeLast(MaxErrors - 1)]
            : progress.Errors;
        var bounded = progress with { Errors = errors.Select(Shorten).ToList() };
        while (Size(bounded) > SizeLimits.MaxCustomStatusBytes)
        {
            bounded = bounded.Errors.Count > 1
                ? bounded with { Errors = bounded.Errors.Skip(1).ToList() }
                : bounded with { Steps = bounded.Steps.Take(bounded.Steps.Count / 2).ToList(), Errors = bounded.Errors.Select(e => e.Length > 64 ? e[..64] : e).ToList() };
        }

        return bounded;
    }

    public static int Size(RunProgress progress) => JsonSerializer.SerializeToUtf8Bytes(progress, WorkflowsDataConverter.Options).Length;

    private static string Shorten(string error) => error.Length <= MaxErrorChars ? error : error[..(MaxErrorChars - 1)] + "…";
}
