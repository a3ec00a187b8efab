using BenchmarkDotNet.Running;
using Workflows.Cosmology.Benchmarks;

// dotnet run -c Release --project benchmarks/Workflows.Cosmology.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/Workflows.Cosmology.Benchmarks -- quality [--grid 96] [--seed 2026] ...
if (args.FirstOrDefault() == QualityRun.Command)
{
    return QualityRun.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
