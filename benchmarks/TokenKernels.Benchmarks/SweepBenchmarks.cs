using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace TokenKernels.Benchmarks;

/// <summary>
/// Configurations per second of a frontier sweep: scalar (the baseline), every CPU core with the eight- and four-lane walks and
/// with the scalar walk, and a GPU when one is present, on the DeepSeek-V3 grid cut to 1e5 and 1e7 points (1e9 in the "Long" category: <c>--anyCategories Long</c>).
/// GPU rows come with and without copying every feasible result back (<see cref="GpuStreamAll"/>).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SweepBenchmarks : IDisposable
{
    private SweepEngine _scalar = null!;
    private SweepEngine _cpu = null!;
    private SweepEngine? _gpu;
    private SweepGrid _grid = null!;

    /// <summary>Grid size.</summary>
    [Params(100_000L, 10_000_000L)]
    public long Points { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _grid = SweepGrids.OfSize(Points);
        _scalar = new SweepEngine(SweepBackend.Scalar);
        _cpu = new SweepEngine(SweepBackend.Cpu);
        var auto = new SweepEngine(SweepBackend.Auto);
        _gpu = auto.Backend is SweepBackend.Cuda or SweepBackend.OpenCl ? auto : null;
        if (_gpu is null)
        {
            auto.Dispose();
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    // BenchmarkDotNet refuses sealed classes ("Declaring type must be unsealed"), hence the dispose pattern.
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _scalar.Dispose();
            _cpu.Dispose();
            _gpu?.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Frontier")]
    public int Scalar() => _scalar.Frontier(_grid).Value.Count;

    /// <summary>Every core, eight batch sizes per call of the physics (two Vector256 halves).</summary>
    [Benchmark]
    [BenchmarkCategory("Frontier")]
    public int Cpu() => _cpu.Frontier(_grid).Value.Count;

    /// <summary>Every core, four batch sizes per call (one Vector256 chain: the lane width before eight).</summary>
    [Benchmark]
    [BenchmarkCategory("Frontier")]
    public int CpuLane4()
    {
        TokenKernels.Engine.ManagedRunner.LaneWidth = 4;
        try
        {
            return _cpu.Frontier(_grid).Value.Count;
        }
        finally
        {
            TokenKernels.Engine.ManagedRunner.LaneWidth = 8;
        }
    }

    /// <summary>Every core, one configuration per call (the walk before the lanes), for the lanes' own share.</summary>
    [Benchmark]
    [BenchmarkCategory("Frontier")]
    public int CpuScalarWalk()
    {
        TokenKernels.Engine.ManagedRunner.UseLanes = false;
        try
        {
            return _cpu.Frontier(_grid).Value.Count;
        }
        finally
        {
            TokenKernels.Engine.ManagedRunner.UseLanes = true;
        }
    }

    /// <summary>On-device reduction: only bins and candidates come back. Returns -1 without a GPU.</summary>
    [Benchmark]
    [BenchmarkCategory("Frontier")]
    public int Gpu() => _gpu?.Frontier(_grid).Value.Count ?? -1;

    /// <summary>Every feasible point's full result copied back to the host.</summary>
    [Benchmark]
    [BenchmarkCategory("Frontier")]
    public long GpuStreamAll()
    {
        long n = 0;
        _gpu?.Stream(_grid, p => n += p.Count);
        return n;
    }
}

/// <summary>The billion-point frontier (minutes on a CPU): opt in with <c>--anyCategories Long</c>.</summary>
[BenchmarkCategory("Long")]
public class LongSweepBenchmarks : IDisposable
{
    private SweepEngine _engine = null!;
    private SweepGrid _grid = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new SweepEngine(SweepBackend.Auto);
        _grid = SweepGrids.OfSize(1_000_000_000L);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _engine.Dispose();
        }
    }

    [Benchmark]
    public int BillionPointFrontier() => _engine.Frontier(_grid).Value.Count;
}
