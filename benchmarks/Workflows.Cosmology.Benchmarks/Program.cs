using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Workflows.Cosmology.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
