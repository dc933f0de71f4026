using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/AgentTracing.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
