using System.Diagnostics;
using System.Globalization;
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
/// One ILGPU accelerator, chosen by the one selection rule of the library (<see cref="Open"/>: the sweep engine and the
/// load simulator both open their device here), with the sweep kernels loaded once, on first use. Launches cover about
/// <see cref="LaunchSeconds"/> of work each, so progress flows and cancellation is honoured between launches;
/// reductions run on the device and only counts, bins and few candidates come back.
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
    private readonly Lazy<SweepKernelSet> _kernels;
    private readonly Lazy<Action<Index1D, int, ArrayView<double>>> _probe;

    private DeviceBackend(Context context, Accelerator accelerator, SweepBackend kind)
    {
        _context = context;
        _accelerator = accelerator;
        Kind = kind;
        _kernels = new(() => new SweepKernelSet(accelerator));
        _probe = new(() => accelerator.LoadAutoGroupedStreamKernel<Index1D, int, ArrayView<double>>(Fp64Probe.Kernel));
        Threads = kind == SweepBackend.IlgpuCpu ? Environment.ProcessorCount * 4 : Math.Max(1, accelerator.MaxNumThreads);
        Description = $"{KindName(kind)} ({accelerator.Name})";
    }

    public SweepBackend Kind { get; }

    public string Description { get; }

    /// <summary>Threads per launch: enough to fill the device; each walks a range.</summary>
    public int Threads { get; }

    /// <summary>Compiles the sweep kernels now (the sweep engine does so when it opens, so no sweep's time includes compilation).</summary>
    public void LoadSweepKernels() => _ = _kernels.Value;

    /// <summary>The accelerator, for other kernels on the same device (the load simulator's replica kernel).</summary>
    public Accelerator Accelerator => _accelerator;

    /// <summary>
    /// The one device selection. <see cref="SweepBackend.Auto"/> takes CUDA, then OpenCL (fp64 GPUs with 64-bit
    /// atomics), when the device's measured fp64 throughput (<see cref="MeasureFp64"/>, run once) is at least that of every
    /// CPU core, else no device (the managed CPU path); a forced device kind opens its first usable device or throws;
    /// <see cref="SweepBackend.Cpu"/> and <see cref="SweepBackend.Scalar"/> open none. The reason says why, e.g.
    /// <c>auto: cpu (no CUDA device; no OpenCL GPU with fp64 and 64-bit atomics)</c> or <c>ilgpu-cpu requested</c>.
    /// </summary>
    /// <param name="backend">The backend asked for.</param>
    /// <exception cref="ArgumentException">A forced device kind has no usable device, or <paramref name="backend"/> is not a backend.</exception>
    public static (DeviceBackend? Device, string Reason) Open(SweepBackend backend) => backend switch
    {
        SweepBackend.Auto => ChooseAuto(),
        SweepBackend.Cuda or SweepBackend.OpenCl or SweepBackend.IlgpuCpu =>
            (TryOpen(backend) ?? throw new ArgumentException($"No {KindName(backend)} device with fp64 is available.", nameof(backend)), $"{KindName(backend)} requested"),
        SweepBackend.Cpu or SweepBackend.Scalar => (null, $"{KindName(backend)} requested"),
        _ => throw new ArgumentException($"Unknown backend {backend}.", nameof(backend)),
    };

    /// <summary>Opens the first device of a kind with fp64 (and 64-bit atomics on OpenCL), or returns null.</summary>
    public static DeviceBackend? TryOpen(SweepBackend kind)
    {
        var type = AcceleratorTypeOf(kind);
        var context = CreateContext(type);
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
        SweepBackend.Scalar => "scalar",
        _ => "auto",
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
            _kernels.Value.FrontierBins(threads, grid.Shape, tables.View, range, new FrontierBinSink { BinMax = binMax.View }, counters.View),
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
            _kernels.Value.FrontierEmit(threads, grid.Shape, tables.View, range, new FrontierEmitSink { Thresholds = binMax.View, Candidates = candidates.View, Counters = counters.View });
            foreach (long index in Emitted(counters, candidates))
            {
                var r = grid.Evaluate(index, out int group);
                (sets[group] ??= new ParetoSet()).Add(r.TokSUser, r.OutputTokSGpu, index);
            }
        }, done => progress?.Report(new SweepProgress(total + done, 2 * total)), ct);
        return feasible;
    }

    /// <summary>Top k: pass 1 histograms the metric's rank bins; the host picks the bin that holds the k-th best; pass 2 emits that bin and better.</summary>
    public long TopK(CompiledGrid grid, TopKSet set, SweepMetric metric, IProgress<SweepProgress>? progress, CancellationToken ct)
    {
        using var tables = Upload(grid);
        using var counts = _accelerator.Allocate1D<long>(ReductionMath.MetricBins);
        using var counters = _accelerator.Allocate1D<long>(2);
        counts.MemSetToZero();
        counters.MemSetToZero();
        long total = grid.Count;
        ForEachLaunch(total, MaxReduceLaunch, (range, threads) =>
            _kernels.Value.MetricHistogram(threads, grid.Shape, tables.View, range, new MetricHistogramSink { Counts = counts.View, Metric = metric }, counters.View),
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
            _kernels.Value.MetricEmit(threads, grid.Shape, tables.View, range, new MetricEmitSink { Candidates = candidates.View, Counters = counters.View, Metric = metric, ThresholdBin = threshold });
            foreach (long index in Emitted(counters, candidates))
            {
                set.Add(ReductionMath.Metric(grid.Evaluate(index, out _), metric), index);
            }
        }, done => progress?.Report(new SweepProgress(total + done, 2 * total)), ct);
        return feasible;
    }

    /// <summary>
    /// Cheapest under a service level, in two passes so the host decides on its own values: pass 1 finds the lowest cost
    /// (one atomic per thread), pass 2 emits every point within <see cref="ReductionMath.DeviceSlack"/> of it, and the
    /// host recomputes those and keeps the cheapest that meets the service level (ties to the lower index).
    /// </summary>
    public long Cheapest(CompiledGrid grid, ServiceLevel sla, ref CheapestSink best, IProgress<SweepProgress>? progress, CancellationToken ct)
    {
        using var tables = Upload(grid);
        using var bestBits = _accelerator.Allocate1D<long>(1);
        using var counters = _accelerator.Allocate1D<long>(2);
        bestBits.CopyFromCPU([ReductionMath.Bits(double.PositiveInfinity)]);
        counters.MemSetToZero();
        var sink = new CheapestDeviceSink { MaxTtftSeconds = sla.MaxTtft.Seconds, MinTokSUser = sla.MinTokSUser, MinContext = sla.MinContext };
        long total = grid.Count;
        ForEachLaunch(total, MaxReduceLaunch, (range, threads) =>
            _kernels.Value.Cheapest(threads, grid.Shape, tables.View, range, sink, bestBits.View, counters.View),
            done => progress?.Report(new SweepProgress(done, 2 * total)), ct);
        long feasible = counters.GetAsArray1D()[0];
        double deviceBest = BitConverter.Int64BitsToDouble(bestBits.GetAsArray1D()[0]);

        var host = best;
        using var candidates = _accelerator.Allocate1D<long>(Math.Max(1, Math.Min(total, MaxEmitLaunch)));
        var emit = new CheapestEmitSink
        {
            Candidates = candidates.View, Counters = counters.View, MaxTtftSeconds = sla.MaxTtft.Seconds, MinTokSUser = sla.MinTokSUser,
            MinContext = sla.MinContext, BestCost = deviceBest,
        };
        ForEachLaunch(total, MaxEmitLaunch, (range, threads) =>
        {
            counters.MemSetToZero();
            _kernels.Value.CheapestEmit(threads, grid.Shape, tables.View, range, emit);
            foreach (long index in Emitted(counters, candidates))
            {
                host.Add(index, 0, grid.Evaluate(index, out _));
            }
        }, done => progress?.Report(new SweepProgress(total + done, 2 * total)), ct);
        best = host;
        return feasible;
    }

    /// <summary>
    /// Every feasible point, launch by launch, in index order. The device flags which indices are feasible; the host
    /// recomputes each flagged point, so streamed metrics are the host's values like every other reduction's.
    /// </summary>
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
            _kernels.Value.Stream(threads, grid.Shape, tables.View, range, new StreamDeviceSink { Results = results.View, Feasible = flags.View, Start = range.Start }, counters.View);
            long n = range.End - range.Start;
            int[] feasible = flags.View.SubView(0, n).GetAsArray1D();
            var points = new List<FrontierPoint>();
            for (int i = 0; i < n; i++)
            {
                if (feasible[i] != 0)
                {
                    long index = range.Start + i;
                    var r = grid.Evaluate(index, out int group);
                    if (r.Reason == 0)
                    {
                        points.Add(grid.Point(index, group, r));
                    }
                }
            }

            if (points.Count > 0)
            {
                onPoints(points);
            }
        }, done => progress?.Report(new SweepProgress(done, grid.Count)), ct);
        return counters.GetAsArray1D()[0];
    }

    /// <summary>
    /// The device's own results for indices [start, start + count) (default for infeasible ones) and whether each was
    /// feasible: what the equivalence tests compare with the scalar path under a tolerance.
    /// </summary>
    public (PackedResult[] Results, bool[] Feasible) DeviceValues(CompiledGrid grid, long start, int count)
    {
        using var tables = Upload(grid);
        int n = Math.Max(1, count);
        using var results = _accelerator.Allocate1D<PackedResult>(n);
        using var flags = _accelerator.Allocate1D<int>(n);
        using var counters = _accelerator.Allocate1D<long>(2);
        results.MemSetToZero();
        flags.MemSetToZero();
        counters.MemSetToZero();
        if (count > 0)
        {
            int threads = Math.Min(Threads, count);
            var range = new LaunchRange { Start = start, End = start + count, PerThread = (count + threads - 1) / threads };
            _kernels.Value.Stream(threads, grid.Shape, tables.View, range, new StreamDeviceSink { Results = results.View, Feasible = flags.View, Start = start }, counters.View);
            _accelerator.Synchronize();
        }

        var rs = count > 0 ? results.View.SubView(0, count).GetAsArray1D() : [];
        var fs = count > 0 ? flags.View.SubView(0, count).GetAsArray1D().Select(f => f != 0).ToArray() : [];
        return (rs, fs);
    }

    /// <summary>
    /// The device's fp64 throughput on <see cref="Fp64Probe.Chain"/>, operations per second: one warm-up launch, then one
    /// timed launch of every thread (a few ms on a data-centre GPU, about 0.1 s on a 1/64-rate consumer GPU).
    /// </summary>
    public double MeasureFp64()
    {
        const int Steps = 2000;
        using var output = _accelerator.Allocate1D<double>(Threads);
        _probe.Value(Threads, 10, output.View);
        _accelerator.Synchronize();
        var clock = Stopwatch.StartNew();
        _probe.Value(Threads, Steps, output.View);
        _accelerator.Synchronize();
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
        return (double)Threads * Steps * Fp64Probe.OpsPerStep / seconds;
    }

    /// <summary>The probe's per-thread results (tests compare them with <see cref="Fp64Probe.Chain"/> on the host).</summary>
    public double[] ProbeValues(int threads, int steps)
    {
        using var output = _accelerator.Allocate1D<double>(threads);
        _probe.Value(threads, steps, output.View);
        _accelerator.Synchronize();
        return output.GetAsArray1D();
    }

    /// <summary>The name of the first usable device of a kind, or null (no kernels are loaded).</summary>
    public static string? FindDevice(SweepBackend kind)
    {
        var type = AcceleratorTypeOf(kind);
        try
        {
            using var context = CreateContext(type);
            return context.Devices.FirstOrDefault(d => d.AcceleratorType == type && IsUsable(d))?.Name;
        }
#pragma warning disable CA1031 // A missing driver throws whatever it throws: it means no device.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static (DeviceBackend? Device, string Reason) ChooseAuto()
    {
        var notes = new List<string>();
        double cpu = double.NaN;
        foreach (var kind in new[] { SweepBackend.Cuda, SweepBackend.OpenCl })
        {
            var device = TryOpenQuietly(kind);
            if (device is null)
            {
                notes.Add(kind == SweepBackend.Cuda ? "no CUDA device" : "no OpenCL GPU with fp64 and 64-bit atomics");
                continue;
            }

            double rate = device.MeasureFp64();
            if (double.IsNaN(cpu))
            {
                cpu = Fp64Probe.MeasureCpu();
            }

            string measured = string.Create(
                CultureInfo.InvariantCulture,
                $"{device.Description} measured {rate:0.00e+0} fp64 op/s, {Environment.ProcessorCount} CPU cores {cpu:0.00e+0}");
            if (Fp64Probe.PreferDevice(rate, cpu))
            {
                notes.Add(measured);
                return (device, $"auto: {KindName(kind)} ({string.Join("; ", notes)})");
            }

            notes.Add(measured + ": slower than the CPU");
            device.Dispose();
        }

        return (null, $"auto: cpu ({string.Join("; ", notes)})");
    }

    private static DeviceBackend? TryOpenQuietly(SweepBackend kind)
    {
        try
        {
            return TryOpen(kind);
        }
#pragma warning disable CA1031 // Auto falls through to the next backend whatever a missing or broken driver throws.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static AcceleratorType AcceleratorTypeOf(SweepBackend kind) => kind switch
    {
        SweepBackend.Cuda => AcceleratorType.Cuda,
        SweepBackend.OpenCl => AcceleratorType.OpenCL,
        SweepBackend.IlgpuCpu => AcceleratorType.CPU,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a device backend."),
    };

    private static Context CreateContext(AcceleratorType type) => Context.Create(b =>
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

    /// <summary>The sweep kernels, compiled for one accelerator when a sweep first needs them.</summary>
    private sealed class SweepKernelSet(Accelerator accelerator)
    {
        public Action<Index1D, GridShape, DeviceTables, LaunchRange, FrontierBinSink, ArrayView<long>> FrontierBins { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, FrontierBinSink, ArrayView<long>>(SweepKernels.FrontierBins);

        public Action<Index1D, GridShape, DeviceTables, LaunchRange, FrontierEmitSink> FrontierEmit { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, FrontierEmitSink>(SweepKernels.FrontierEmit);

        public Action<Index1D, GridShape, DeviceTables, LaunchRange, MetricHistogramSink, ArrayView<long>> MetricHistogram { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, MetricHistogramSink, ArrayView<long>>(SweepKernels.MetricHistogram);

        public Action<Index1D, GridShape, DeviceTables, LaunchRange, MetricEmitSink> MetricEmit { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, MetricEmitSink>(SweepKernels.MetricEmit);

        public Action<Index1D, GridShape, DeviceTables, LaunchRange, CheapestDeviceSink, ArrayView<long>, ArrayView<long>> Cheapest { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, CheapestDeviceSink, ArrayView<long>, ArrayView<long>>(SweepKernels.Cheapest);

        public Action<Index1D, GridShape, DeviceTables, LaunchRange, CheapestEmitSink> CheapestEmit { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, CheapestEmitSink>(SweepKernels.CheapestEmit);

        public Action<Index1D, GridShape, DeviceTables, LaunchRange, StreamDeviceSink, ArrayView<long>> Stream { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, GridShape, DeviceTables, LaunchRange, StreamDeviceSink, ArrayView<long>>(SweepKernels.Stream);
    }
}
