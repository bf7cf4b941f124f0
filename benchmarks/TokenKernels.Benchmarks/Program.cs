using System.Globalization;
using BenchmarkDotNet.Running;
using TokenKernels;
using TokenKernels.Benchmarks;

// quick [backends] [sizes] [csv]: stopwatch table (backends include cpu-scalar-walk and cpu-lane4; sizes r... cut the README grid); check [backend] [size] [json]: device vs scalar equivalence; else BenchmarkDotNet.
if (args.Length > 0 && args[0] == "quick")
{
    var backends = args.Length > 1 ? args[1].Split(',') : ["scalar", "cpu"];
    // Sizes prefixed with r (r8.4e7) cut the README's grid (batch 1..4096) instead of a square of batch x input length.
    bool readme = args.Length > 2 && args[2].StartsWith('r');
    var sizes = args.Length > 2 ? args[2].Split(',').Select(s => (long)double.Parse(s.TrimStart('r'), CultureInfo.InvariantCulture)) : [100_000L];
    return QuickRun.Speed(backends, sizes, args.Length > 3 ? args[3] : null, readme);
}

if (args.Length > 0 && args[0] == "math")
{
    return MathSpeed.Run();
}

if (args.Length > 0 && args[0] == "profile")
{
    return EvaluateProfile.Run();
}

if (args.Length > 0 && args[0] == "check")
{
    var backend = Enum.Parse<SweepBackend>(args.Length > 1 ? args[1] : "IlgpuCpu", ignoreCase: true);
    return QuickRun.Check(backend, args.Length > 2 ? (long)double.Parse(args[2], CultureInfo.InvariantCulture) : 20_000, args.Length > 3 ? args[3] : null);
}

BenchmarkSwitcher.FromAssembly(typeof(QuickRun).Assembly).Run(args);
return 0;
