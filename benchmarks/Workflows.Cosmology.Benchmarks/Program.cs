using BenchmarkDotNet.Running;
using Workflows.Cosmology.Benchmarks;

// dotnet run -c Release --project benchmarks/Workflows.Cosmology.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/Workflows.Cosmology.Benchmarks -- quality [--grid 96] [--seed 2026] ...
// dotnet run -c Release --project benchmarks/Workflows.Cosmology.Benchmarks -- border [--grid 64] [--halos 0,8,16] ...
switch (args.FirstOrDefault())
{
    case QualityRun.Command: return QualityRun.Run(args[1..]);
    case BorderRun.Command: return BorderRun.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
