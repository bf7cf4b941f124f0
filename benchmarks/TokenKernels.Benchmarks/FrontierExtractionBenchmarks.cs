using BenchmarkDotNet.Attributes;
using TokenKernels.Engine;

namespace TokenKernels.Benchmarks;

/// <summary>
/// Cost of frontier extraction alone (no physics): adding n random (tok/s/user, tok/s/GPU) points to the incremental
/// exact Pareto set every backend merges into. Nearly every point is rejected by one binary search.
/// </summary>
[MemoryDiagnoser]
public class FrontierExtractionBenchmarks
{
    private double[] _u = [];
    private double[] _t = [];

    [Params(100_000, 10_000_000)]
    public int Points { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _u = new double[Points];
        _t = new double[Points];
        for (int i = 0; i < Points; i++)
        {
            // A throughput-latency trade-off with noise, like a batch sweep.
            double batch = 1 + random.Next(4096);
            _u[i] = 200 / Math.Sqrt(batch) * (0.8 + (0.4 * random.NextDouble()));
            _t[i] = batch * _u[i] / 8 * (0.8 + (0.4 * random.NextDouble()));
        }
    }

    [Benchmark]
    public int ParetoSetAdd()
    {
        var set = new ParetoSet();
        for (int i = 0; i < _u.Length; i++)
        {
            set.Add(_u[i], _t[i], i);
        }

        return set.Count;
    }
}
