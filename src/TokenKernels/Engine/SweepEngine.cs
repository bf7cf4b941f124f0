using System.Diagnostics;
using TokenKernels.Engine;
using TokenKernels.Kernels;

namespace TokenKernels;

/// <summary>
/// Sweeps a <see cref="SweepGrid"/> and reduces it where it is evaluated: the Pareto frontier, the cheapest configuration
/// under a service level, the top k by a metric, or every feasible point streamed. Owns the GPU (if any) for its lifetime;
/// kernels are loaded once, when the engine is created.
/// </summary>
/// <remarks>
/// Every backend evaluates each configuration with the same physics as <see cref="TokenCost.Evaluate"/>; results agree
/// across backends exactly (same indices; metrics to floating-point rounding of the device's math library).
/// Progress reports come about every 40 ms and cancellation is checked as often.
/// </remarks>
public sealed class SweepEngine : IDisposable
{
    private readonly DeviceBackend? _device;

    /// <summary>
    /// Opens a backend: <see cref="SweepBackend.Auto"/> takes CUDA, then OpenCL (fp64 devices only), when the device's
    /// measured fp64 throughput (a short probe kernel, run once) is at least that of every CPU core, else the CPU;
    /// <see cref="BackendReason"/> says why.
    /// </summary>
    /// <exception cref="ArgumentException">A forced GPU backend has no usable device.</exception>
    public SweepEngine(SweepBackend backend = SweepBackend.Auto)
    {
        (_device, BackendReason) = DeviceBackend.Open(backend);
        _device?.LoadSweepKernels();
        Backend = _device?.Kind ?? (backend == SweepBackend.Auto ? SweepBackend.Cpu : backend);
        Description = _device?.Description ?? DeviceBackend.KindName(Backend);
    }

    /// <summary>
    /// Why this backend runs: requested by the caller, or for <see cref="SweepBackend.Auto"/> which devices were found and
    /// their measured fp64 throughput against the CPU cores', e.g.
    /// <c>auto: cpu (no CUDA device; no OpenCL GPU with fp64 and 64-bit atomics)</c>.
    /// </summary>
    public string BackendReason { get; }

    /// <summary>The device backend, when one runs (tests compare its own values with the scalar path).</summary>
    internal DeviceBackend? Device => _device;

    /// <summary>The backend in use (never <see cref="SweepBackend.Auto"/>).</summary>
    public SweepBackend Backend { get; }

    /// <summary>The backend and device, e.g. <c>cuda (NVIDIA H200)</c> or <c>cpu</c>.</summary>
    public string Description { get; }

    /// <summary>
    /// The Pareto frontier maximizing both output tok/s/GPU and tok/s/user, per model x hardware (x each
    /// <see cref="SweepGrid.KeepApart"/> axis): points sorted by group, then by tok/s/user ascending.
    /// </summary>
    /// <exception cref="ArgumentException">The grid has an invalid value.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public SweepResult<IReadOnlyList<FrontierPoint>> Frontier(SweepGrid grid, IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var g = CompileGrid(grid);
        var clock = Stopwatch.StartNew();
        var sets = new ParetoSet?[g.Groups];
        long feasible;
        if (_device is not null)
        {
            feasible = _device.Frontier(g, sets, progress, cancellationToken);
        }
        else
        {
            feasible = RunManaged(g, () => new FrontierSink(g.Groups), sink =>
            {
                for (int i = 0; i < sink.Sets.Length; i++)
                {
                    if (sink.Sets[i] is { } s)
                    {
                        (sets[i] ??= new ParetoSet()).AddAll(s);
                    }
                }
            }, progress, cancellationToken);
        }

        var points = new List<FrontierPoint>();
        for (int group = 0; group < sets.Length; group++)
        {
            if (sets[group] is not { } set)
            {
                continue;
            }

            for (int i = 0; i < set.Count; i++)
            {
                long index = set.Index(i);
                points.Add(g.Point(index, group, g.Evaluate(index, out _)));
            }
        }

        return new(points, Stats(g, feasible, clock));
    }

    /// <summary>
    /// The configuration with the lowest $/Mtok (InferenceX total: $/GPU-hour / (total tok/s/GPU x 3600 / 1e6)) whose TTFT,
    /// tok/s/user and max context meet <paramref name="sla"/>; null when none does. Ties go to the lower grid index.
    /// </summary>
    /// <exception cref="ArgumentException">The grid or service level has an invalid value, or a hardware has no price.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public SweepResult<FrontierPoint?> Cheapest(SweepGrid grid, ServiceLevel sla, IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sla);
        sla.Validate();
        var g = CompileGrid(grid);
        RequirePrices(g);
        if (sla.MinContext > 0)
        {
            g.RequireMemoryLimits();
        }

        var clock = Stopwatch.StartNew();
        var best = new CheapestSink(sla.MaxTtft.Seconds, sla.MinTokSUser, sla.MinContext);
        long feasible;
        if (_device is not null)
        {
            feasible = _device.Cheapest(g, sla, ref best, progress, cancellationToken);
        }
        else
        {
            var merged = best;
            feasible = RunManaged(g, () => best, sink =>
            {
                if (sink.BestIndex >= 0 && (sink.BestCost < merged.BestCost || (sink.BestCost == merged.BestCost && sink.BestIndex < merged.BestIndex)))
                {
                    merged.BestCost = sink.BestCost;
                    merged.BestIndex = sink.BestIndex;
                }
            }, progress, cancellationToken);
            best = merged;
        }

        FrontierPoint? point = best.BestIndex < 0 ? null : g.Point(best.BestIndex, 0, g.Evaluate(best.BestIndex, out int group)) with { Group = group };
        return new(point, Stats(g, feasible, clock));
    }

    /// <summary>The <paramref name="k"/> best configurations by <paramref name="metric"/>, best first; ties go to the lower index.</summary>
    /// <exception cref="ArgumentException">k is negative, the grid has an invalid value, or a cost metric lacks prices.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public SweepResult<IReadOnlyList<FrontierPoint>> TopK(SweepGrid grid, SweepMetric metric, int k, IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (k < 0)
        {
            throw new ArgumentException($"k must be at least 0 (was {k}).", nameof(k));
        }

        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentException($"Unknown metric {metric}.", nameof(metric));
        }

        var g = CompileGrid(grid);
        if (metric is SweepMetric.UsdPerMtokTotal or SweepMetric.UsdPerMtokOutput)
        {
            RequirePrices(g);
        }

        var clock = Stopwatch.StartNew();
        var m = metric;
        var set = new TopKSet(k, ReductionMath.HigherIsBetter(m));
        long feasible = _device is not null
            ? _device.TopK(g, set, m, progress, cancellationToken)
            : RunManaged(g, () => new TopKSink(k, m), sink => set.AddAll(sink.Set), progress, cancellationToken);
        var points = set.Sorted().Select(e => g.Point(e.Index, 0, g.Evaluate(e.Index, out int group)) with { Group = group }).ToList();
        return new(points, Stats(g, feasible, clock));
    }

    /// <summary>
    /// Hands every feasible configuration to <paramref name="onPoints"/>, in index order, at most <see cref="StreamSlice"/>
    /// at a time (memory stays bounded however large the grid; the token is checked between calls).
    /// </summary>
    /// <exception cref="ArgumentException">The grid has an invalid value.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public SweepStats Stream(SweepGrid grid, Action<IReadOnlyList<FrontierPoint>> onPoints, IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onPoints);
        var g = CompileGrid(grid);

        // Streamed points are reported in full, max batch and context included.
        g.RequireMemoryLimits();
        var clock = Stopwatch.StartNew();
        long feasible = _device is not null
            ? _device.Stream(g, points => Deliver(points.Count, i => points[i]), progress, cancellationToken)
            : ManagedRunner.Run(g, Backend == SweepBackend.Cpu, () => new StreamSink(), sink =>
                Deliver(sink.Points.Count, i => g.Point(sink.Points[i].Index, sink.Points[i].Group, sink.Points[i].Result)), progress, cancellationToken);
        return Stats(g, feasible, clock);

        // A range or a launch can hold millions of feasible points, and the caller may write each one out (a CSV): hand
        // them over StreamSlice at a time and look at the token between slices, so a cancellation is seen within one slice.
        void Deliver(int count, Func<int, FrontierPoint> point)
        {
            for (int start = 0; start < count; start += StreamSlice)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int end = Math.Min(count, start + StreamSlice);
                var slice = new List<FrontierPoint>(end - start);
                for (int i = start; i < end; i++)
                {
                    slice.Add(point(i));
                }

                onPoints(slice);
            }
        }
    }

    /// <summary>The most points <see cref="Stream"/> hands over in one call.</summary>
    public const int StreamSlice = 4096;

    /// <inheritdoc/>
    public void Dispose() => _device?.Dispose();

    /// <summary>Reductions on the host: every core pulling work (cpu), or one thread in index order (scalar).</summary>
    private long RunManaged<TSink>(CompiledGrid g, Func<TSink> createSink, Action<TSink> merge, IProgress<SweepProgress>? progress, CancellationToken ct)
        where TSink : struct, IManagedSink =>
        Backend == SweepBackend.Cpu
            ? ManagedRunner.RunPooled(g, createSink, merge, progress, ct)
            : ManagedRunner.Run(g, parallel: false, createSink, merge, progress, ct);

    private static CompiledGrid CompileGrid(SweepGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return grid.Compile();
    }

    private static void RequirePrices(CompiledGrid g)
    {
        foreach (var hw in g.Tables.HardwareTable)
        {
            if (!(hw.UsdPerGpuHour > 0))
            {
                throw new ArgumentException("Every hardware needs a GPU-hour price to rank by cost (set Prices).", nameof(SweepGrid.Prices));
            }
        }
    }

    private SweepStats Stats(CompiledGrid g, long feasible, Stopwatch clock) => new()
    {
        ConfigsEvaluated = g.Count,
        FeasibleConfigs = feasible,
        Seconds = clock.Elapsed.TotalSeconds,
        Backend = Description,
        BackendReason = BackendReason,
    };
}
