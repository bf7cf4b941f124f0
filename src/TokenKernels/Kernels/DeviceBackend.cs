using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using TokenKernels.Engine;
using TokenKernels.Packing;
using TokenKernels.Physics;

namespace TokenKernels.Kernels;

/// <summary>
/// One ILGPU accelerator with the sweep kernels loaded once. Launches cover about <see cref="LaunchSeconds"/> of work
/// each, so progress flows and cancellation is honoured between launches; reductions run on the device and only
/// counts, bins and few candidates come back.
/// </summary>
internal sealed class DeviceBackend : IDisposable
{
    public const double LaunchSeconds = 0.04;

    /// <summary>Upper bound on indices per emitting launch: the candidate buffer holds one long per index (32 MiB).</summary>
    private const long MaxEmitLaunch = 1L << 22;

    /// <summary>Upper bound on indices per reducing launch (bins, histogram, cheapest): nothing per index comes back.</summary>
    private const long MaxReduceLaunch = 1L << 26;

    /// <summary>Stream launches copy full results back: smaller (2^16 x ~200 B = 13 MiB).</summary>
    private const long MaxStreamLaunch = 1L << 16;

    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly Action<Index1D, GridShape, DeviceTables, LaunchRange, FrontierBinSink, ArrayView<long>> _frontierBins;
    private readonly Action<Index1D, GridShape, DeviceTables, LaunchRange, FrontierEmitSink> _frontierEmit;
    private readonly Action<Index1D, GridShape, DeviceTables, LaunchRange, MetricHistogramSink, ArrayView<long>> _metricHistogram;
    private readonly Action<Index1D, GridShape, DeviceTables, LaunchRange, MetricEmitSink> _metricEmit;
    private readonly Action<Index1D, GridShape, DeviceTables, LaunchRange, CheapestDeviceSink, ArrayView<long>, ArrayView<long>> _cheapest;
    private readonly Action<Index1D, GridShape, DeviceTables, LaunchRange, StreamDeviceSink, ArrayView<long>> _stream;

    private DeviceBackend(Context context, Accelerator accelerator, SweepBackend kind)
    {
        _context = context;
        _accelerator = accelerator;
        Kind = kind;
        _frontierBins = accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, FrontierBinSink, ArrayView<long>>(SweepKernels.FrontierBins);
        _frontierEmit = accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, FrontierEmitSink>(SweepKernels.FrontierEmit);
        _metricHistogram = accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, MetricHistogramSink, ArrayView<long>>(SweepKernels.MetricHistogram);
        _metricEmit = accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, MetricEmitSink>(SweepKernels.MetricEmit);
        _cheapest = accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, CheapestDeviceSink, ArrayView<long>, ArrayView<long>>(SweepKernels.Cheapest);
        _stream = accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, StreamDeviceSink, ArrayView<long>>(SweepKernels.Stream);
        Threads = kind == SweepBackend.IlgpuCpu ? Environment.ProcessorCount * 4 : Math.Max(1, accelerator.MaxNumThreads);
        Description = $"{KindName(kind)} ({accelerator.Name})";
    }

    public SweepBackend Kind { get; }

    public string Description { get; }

    /// <summary>Threads per launch: enough to fill the device; each walks a range.</summary>
    public int Threads { get; }

    /// <summary>Opens the first device of a kind with fp64 (and 64-bit atomics on OpenCL), or returns null.</summary>
    public static DeviceBackend? TryOpen(SweepBackend kind)
    {
        var type = kind switch
        {
            SweepBackend.Cuda => AcceleratorType.Cuda,
            SweepBackend.OpenCl => AcceleratorType.OpenCL,
            SweepBackend.IlgpuCpu => AcceleratorType.CPU,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a device backend."),
        };
        var context = Context.Create(b =>
        {
            _ = type switch
            {
                AcceleratorType.Cuda => b.Cuda(),
                AcceleratorType.OpenCL => b.OpenCL(),
                _ => b.CPU(),
            };
            // No EnableAlgorithms(): exp/log/pow are Physics/KernelMath (plain arithmetic), so no device math library
            // (nor ILGPU.Algorithms' CORDIC) runs on the hot path and every backend computes the same values.
            b.Math(MathMode.Default);
        });
        try
        {
            foreach (var device in context.Devices)
            {
                if (device.AcceleratorType != type || !IsUsable(device))
                {
                    continue;
                }

                return new DeviceBackend(context, device.CreateAccelerator(context), kind);
            }
        }
        catch
        {
            context.Dispose();
            throw;
        }

        context.Dispose();
        return null;
    }

    public static string KindName(SweepBackend kind) => kind switch
    {
        SweepBackend.Cuda => "cuda",
        SweepBackend.OpenCl => "opencl",
        SweepBackend.IlgpuCpu => "ilgpu-cpu",
        SweepBackend.Cpu => "cpu",
        _ => "scalar",
    };

    public void Dispose()
    {
        _accelerator.Dispose();
        _context.Dispose();
    }

    /// <summary>Frontier: pass 1 bins the best throughput per tok/s/user bin, pass 2 emits the few points that can be on it.</summary>
    public long Frontier(CompiledGrid grid, ParetoSet?[] sets, IProgress<SweepProgress>? progress, CancellationToken ct)
    {
        using var tables = Upload(grid);
        long bins = (long)grid.Groups * ReductionMath.FrontierBins;
        using var binMax = _accelerator.Allocate1D<long>(bins);
        using var counters = _accelerator.Allocate1D<long>(2);
        binMax.MemSetToZero();
        counters.MemSetToZero();
        long total = grid.Count;
        ForEachLaunch(total, MaxReduceLaunch, (range, threads) =>
            _frontierBins(threads, grid.Shape, tables.View, range, new FrontierBinSink { BinMax = binMax.View }, counters.View),
            done => progress?.Report(new SweepProgress(done, 2 * total)), ct);
        long feasible = counters.GetAsArray1D()[0];

        // Threshold of bin b = best throughput in any higher bin (a point below it is dominated).
        long[] host = binMax.GetAsArray1D();
        for (int g = 0; g < grid.Groups; g++)
        {
            long best = 0;
            for (int b = ReductionMath.FrontierBins - 1; b >= 0; b--)
            {
                long i = ((long)g * ReductionMath.FrontierBins) + b;
                long own = host[i];
                host[i] = best;
                best = Math.Max(best, own);
            }
        }

        binMax.CopyFromCPU(host);
        using var candidates = _accelerator.Allocate1D<long>(Math.Min(total, MaxEmitLaunch));
        ForEachLaunch(total, MaxEmitLaunch, (range, threads) =>
        {
            counters.MemSetToZero();
            _frontierEmit(threads, grid.Shape, tables.View, range, new FrontierEmitSink { Thresholds = binMax.View, Candidates = candidates.View, Counters = counters.View });
            foreach (long index in Emitted(counters, candidates))
            {
                var r = grid.Evaluate(index, out int group);
                (sets[group] ??= new ParetoSet()).Add(r.TokSUser, r.OutputTokSGpu, index);
            }
        }, done => progress?.Report(new SweepProgress(total + done, 2 * total)), ct);
        return feasible;
    }

    /// <summary>Top k: pass 1 histograms the metric's rank bins; the host picks the bin that holds the k-th best; pass 2 emits that bin and better.</summary>
    public long TopK(CompiledGrid grid, TopKSet set, int metric, IProgress<SweepProgress>? progress, CancellationToken ct)
    {
        using var tables = Upload(grid);
        using var counts = _accelerator.Allocate1D<long>(ReductionMath.MetricBins);
        using var counters = _accelerator.Allocate1D<long>(2);
        counts.MemSetToZero();
        counters.MemSetToZero();
        long total = grid.Count;
        ForEachLaunch(total, MaxReduceLaunch, (range, threads) =>
            _metricHistogram(threads, grid.Shape, tables.View, range, new MetricHistogramSink { Counts = counts.View, Metric = metric }, counters.View),
            done => progress?.Report(new SweepProgress(done, 2 * total)), ct);
        long feasible = counters.GetAsArray1D()[0];
        long[] histogram = counts.GetAsArray1D();
        int threshold = 0;
        long seen = 0;
        for (int b = ReductionMath.MetricBins - 1; b >= 0; b--)
        {
            seen += histogram[b];
            if (seen >= set.K)
            {
                threshold = b;
                break;
            }
        }

        using var candidates = _accelerator.Allocate1D<long>(Math.Min(total, MaxEmitLaunch));
        ForEachLaunch(total, MaxEmitLaunch, (range, threads) =>
        {
            counters.MemSetToZero();
            _metricEmit(threads, grid.Shape, tables.View, range, new MetricEmitSink { Candidates = candidates.View, Counters = counters.View, Metric = metric, ThresholdBin = threshold });
            foreach (long index in Emitted(counters, candidates))
            {
                set.Add(ReductionMath.Metric(grid.Evaluate(index, out _), metric), index);
            }
        }, done => progress?.Report(new SweepProgress(total + done, 2 * total)), ct);
        return feasible;
    }

    /// <summary>Cheapest under a service level: each thread keeps its best in registers; the host reduces the threads' slots.</summary>
    public long Cheapest(CompiledGrid grid, ServiceLevel sla, ref CheapestSink best, IProgress<SweepProgress>? progress, CancellationToken ct)
    {
        using var tables = Upload(grid);
        using var partials = _accelerator.Allocate1D<long>(2L * Threads);
        using var counters = _accelerator.Allocate1D<long>(2);
        counters.MemSetToZero();
        var sink = new CheapestDeviceSink { MaxTtftSeconds = sla.MaxTtft.Seconds, MinTokSUser = sla.MinTokSUser, MinContext = sla.MinContext };
        double bestCost = best.BestCost;
        long bestIndex = best.BestIndex;
        ForEachLaunch(grid.Count, MaxReduceLaunch, (range, threads) =>
        {
            _cheapest(threads, grid.Shape, tables.View, range, sink, partials.View, counters.View);
            long[] slots = partials.View.SubView(0, 2L * threads).GetAsArray1D();
            for (int t = 0; t < threads; t++)
            {
                long index = slots[(2 * t) + 1];
                double cost = BitConverter.Int64BitsToDouble(slots[2 * t]);
                if (index >= 0 && (cost < bestCost || (cost == bestCost && index < bestIndex)))
                {
                    bestCost = cost;
                    bestIndex = index;
                }
            }
        }, done => progress?.Report(new SweepProgress(done, grid.Count)), ct);
        best.BestCost = bestCost;
        best.BestIndex = bestIndex;
        return counters.GetAsArray1D()[0];
    }

    /// <summary>Every feasible point, launch by launch, in index order.</summary>
    public long Stream(CompiledGrid grid, Action<IReadOnlyList<FrontierPoint>> onPoints, IProgress<SweepProgress>? progress, CancellationToken ct)
    {
        using var tables = Upload(grid);
        long capacity = Math.Max(1, Math.Min(grid.Count, MaxStreamLaunch));
        using var results = _accelerator.Allocate1D<PackedResult>(capacity);
        using var flags = _accelerator.Allocate1D<int>(capacity);
        using var counters = _accelerator.Allocate1D<long>(2);
        counters.MemSetToZero();
        ForEachLaunch(grid.Count, MaxStreamLaunch, (range, threads) =>
        {
            flags.MemSetToZero();
            _stream(threads, grid.Shape, tables.View, range, new StreamDeviceSink { Results = results.View, Feasible = flags.View, Start = range.Start }, counters.View);
            long n = range.End - range.Start;
            int[] feasible = flags.View.SubView(0, n).GetAsArray1D();
            PackedResult[] rs = results.View.SubView(0, n).GetAsArray1D();
            var points = new List<FrontierPoint>();
            for (int i = 0; i < n; i++)
            {
                if (feasible[i] != 0)
                {
                    long index = range.Start + i;
                    points.Add(grid.Point(index, grid.Shape.Group(grid.Shape.Decode(index)), rs[i]));
                }
            }

            if (points.Count > 0)
            {
                onPoints(points);
            }
        }, done => progress?.Report(new SweepProgress(done, grid.Count)), ct);
        return counters.GetAsArray1D()[0];
    }

    // OpenCL CPU drivers (pocl, Intel CPU runtime) lose to the managed CPU backend: only GPUs count as OpenCL devices.
    private static bool IsUsable(Device device) =>
        device is not CLDevice cl || (cl.Capabilities.Float64 && cl.Capabilities.Int64_Atomics && cl.DeviceType.HasFlag(CLDeviceType.CL_DEVICE_TYPE_GPU));

    private static long[] Emitted(MemoryBuffer1D<long, Stride1D.Dense> counters, MemoryBuffer1D<long, Stride1D.Dense> candidates)
    {
        long n = counters.GetAsArray1D()[1];
        if (n == 0)
        {
            return [];
        }

        // The host sizes the buffer to the launch, so no candidate is ever dropped.
        Debug.Assert(n <= candidates.Length, "candidate buffer smaller than a launch");
        long[] indices = candidates.View.SubView(0, Math.Min(n, candidates.Length)).GetAsArray1D();
        Array.Sort(indices);
        return indices;
    }

    private DeviceGridTables Upload(CompiledGrid grid) => new(_accelerator, grid.Tables);

    /// <summary>
    /// Launches over [0, total) in pieces that take about <see cref="LaunchSeconds"/>, checking the token between them.
    /// </summary>
    private void ForEachLaunch(long total, long maxLaunch, Action<LaunchRange, int> launch, Action<long> done, CancellationToken ct)
    {
        long size = Math.Min(maxLaunch, Math.Max(Threads, 1L << 12));
        var clock = Stopwatch.StartNew();
        for (long start = 0; start < total;)
        {
            ct.ThrowIfCancellationRequested();
            long end = Math.Min(total, start + size);
            long n = end - start;
            int threads = (int)Math.Min(Threads, n);
            var range = new LaunchRange { Start = start, End = end, PerThread = (n + threads - 1) / threads };
            double begun = clock.Elapsed.TotalSeconds;
            launch(range, threads);
            _accelerator.Synchronize();
            start = end;
            done(start);
            double took = clock.Elapsed.TotalSeconds - begun;
            size = Math.Clamp((long)(n / Math.Max(took, 1e-6) * LaunchSeconds), Math.Min(maxLaunch, Threads), maxLaunch);
        }
    }
}
