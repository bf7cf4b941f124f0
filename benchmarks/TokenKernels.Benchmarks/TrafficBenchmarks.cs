using BenchmarkDotNet.Attributes;

namespace TokenKernels.Benchmarks;

/// <summary>
/// Simulated requests per second of the load simulator: one replica on the managed path (the baseline), one replica per
/// CPU thread, and the ILGPU CPU accelerator running the same event loop as a kernel. DeepSeek-R1 on 8 x H200 (EP 8,
/// DP attention, batch limit 256), log-normal lengths capped at 16K, Poisson arrivals at 1 request/s (about 17 requests
/// in the system; 4 req/s saturates it), as the README's speed command. Divide 4 seeds x <see cref="Requests"/> by the
/// mean time for requests per second.
/// </summary>
[MemoryDiagnoser]
public class TrafficBenchmarks : IDisposable
{
    private LoadSimulation _simulation = null!;
    private LoadSimulator _scalar = null!;
    private LoadSimulator _cpu = null!;
    private LoadSimulator _ilgpu = null!;

    /// <summary>Requests per seed.</summary>
    [Params(20_000)]
    public int Requests { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _simulation = new LoadSimulation
        {
            Hardware = BuiltInCatalog.GetHardware("h200"),
            Model = BuiltInCatalog.GetModel("deepseek-r1"),
            Deployment = new Deployment { Gpus = 8, Ep = 8, Dp = 8, Weights = Precision.Fp8, KvCache = Precision.Fp8, Batch = 256 },
            Lengths = LengthDistribution.Parse("lognormal:in=2000,out=500,sigma=0.8").WithContextCap(16384),
            Loads = [ArrivalProcess.Poisson(1)],
            RequestsPerSeed = Requests,
            Seeds = 4,
        };
        _scalar = new LoadSimulator(SweepBackend.Scalar);
        _cpu = new LoadSimulator(SweepBackend.Cpu);
        _ilgpu = new LoadSimulator(SweepBackend.IlgpuCpu);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    // BenchmarkDotNet needs the class unsealed, hence the dispose pattern.
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _scalar?.Dispose();
            _cpu?.Dispose();
            _ilgpu?.Dispose();
        }
    }

    [Benchmark(Baseline = true, Description = "managed, one replica at a time")]
    public double Scalar() => _scalar.Run(_simulation).Points[0].RequestsPerSecond;

    [Benchmark(Description = "managed, one replica per thread")]
    public double Cpu() => _cpu.Run(_simulation).Points[0].RequestsPerSecond;

    [Benchmark(Description = "ILGPU CPU accelerator kernel")]
    public double IlgpuCpu() => _ilgpu.Run(_simulation).Points[0].RequestsPerSecond;
}
