using System.Diagnostics;

namespace Workflows.Recsys.Benchmarks;

/// <summary>
/// BenchmarkDotNet runs each case in its own process, so the process's peak working set at cleanup is that case's
/// peak, native libtorch allocations included (MemoryDiagnoser sees only the managed heap).
/// </summary>
internal static class PeakMemory
{
    public static void Report(string benchmark) =>
        Console.WriteLine($"// Peak working set of {benchmark}: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
}
