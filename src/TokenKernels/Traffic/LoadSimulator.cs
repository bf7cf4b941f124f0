using System.Diagnostics;
using TokenKernels.Kernels;
using TokenKernels.Traffic;

namespace TokenKernels;

/// <summary>
/// Runs serving replicas under load: every load level of a <see cref="LoadSimulation"/> with several seeds, one replica per
/// thread, and reduces their request records to TTFT/TPOT/end-to-end percentiles, throughput, goodput and cost per level;
/// optionally the highest arrival rate that meets a service level. Disposable like <see cref="SweepEngine"/>.
/// </summary>
/// <remarks>
/// Each replica is an event loop over fixed-size state (continuous batching, chunked prefill, paged KV with preemption,
/// disaggregated pools, MTP) whose step times come from the same physics as <see cref="TokenCost.Evaluate"/>. Random
/// numbers are counter-based, keyed by seed, replica and request, so a run is reproducible on every backend.
/// </remarks>
public sealed class LoadSimulator : IDisposable
{
    private const int BisectionSteps = 8;

    private readonly TrafficDevice? _device;
    private readonly bool _parallel;

    /// <summary>
    /// Opens the simulator. <see cref="SweepBackend.Cpu"/> runs one replica per CPU thread on the managed path;
    /// <see cref="SweepBackend.Scalar"/> one after another on one thread; <see cref="SweepBackend.Cuda"/>,
    /// <see cref="SweepBackend.OpenCl"/> and <see cref="SweepBackend.IlgpuCpu"/> run the same code as an ILGPU kernel, one
    /// replica per device thread. <see cref="SweepBackend.Auto"/> chooses as <see cref="SweepEngine"/> does (one selection:
    /// a GPU only where its measured fp64 throughput beats the CPU cores'); <see cref="BackendReason"/> says why.
    /// </summary>
    /// <exception cref="ArgumentException">A forced device backend has no usable device.</exception>
    public LoadSimulator(SweepBackend backend = SweepBackend.Cpu)
    {
        var (device, reason) = DeviceBackend.Open(backend);
        _device = device is null ? null : new TrafficDevice(device);
        BackendReason = reason;
        _parallel = backend != SweepBackend.Scalar;
        Backend = _device?.Name ?? (_parallel ? "cpu" : "scalar");
    }

    /// <summary>Why this backend runs: requested by the caller, or what <see cref="SweepBackend.Auto"/> found and measured (as <see cref="SweepEngine.BackendReason"/>).</summary>
    public string BackendReason { get; }

    /// <summary>Where replicas run: "cpu", "scalar", "ilgpu-cpu", "cuda (device)" or "opencl (device)".</summary>
    public string Backend { get; }

    /// <summary>Simulates every load level of <paramref name="simulation"/>; with <paramref name="findMaxRateMeetingSla"/>, also bisects over rate for the highest one meeting its SLA.</summary>
    /// <param name="simulation">Configuration, lengths, load levels, seeds and SLA.</param>
    /// <param name="findMaxRateMeetingSla">Bisect between the highest open-loop level that meets the SLA and the next one ({BisectionSteps} steps, each a set of seeds).</param>
    /// <param name="progress">Replicas done of those planned, about every replica.</param>
    /// <param name="cancellationToken">Stops between replicas.</param>
    /// <exception cref="ArgumentException">An input is out of range (ParamName names it), or the configuration cannot run.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public LoadSimulationResult Run(LoadSimulation simulation, bool findMaxRateMeetingSla = false, IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        Validate(simulation, findMaxRateMeetingSla);
        var config = ReplicaPlan.Config(simulation, out double gpus, out double price);
        var clock = Stopwatch.StartNew();
        long simulated = 0;
        long planned = (long)simulation.Loads.Count * simulation.Seeds * (findMaxRateMeetingSla ? 2 : 1);
        long done = 0;
        void Report() => progress?.Report(new SweepProgress(Interlocked.Increment(ref done), Math.Max(planned, done)));

        var points = Levels(simulation, config, [.. simulation.Loads.Select((l, i) => (l, (ulong)i))], gpus, price, Report, cancellationToken);
        simulated += points.Sum(p => p.SimulatedRequests);

        double? best = null;
        if (findMaxRateMeetingSla)
        {
            best = Bisect(simulation, config, points, gpus, price, Report, ref simulated, cancellationToken);
        }

        return new LoadSimulationResult
        {
            Points = points,
            MaxRateMeetingSla = best,
            SimulatedRequests = simulated,
            Seconds = clock.Elapsed.TotalSeconds,
            Backend = Backend,
        };
    }

    /// <summary>Whether <paramref name="point"/> meets the SLA of <paramref name="simulation"/>: not saturated, TTFT P90 and median tok/s/user within their limits.</summary>
    public static bool MeetsSla(LoadSimulation simulation, LoadPoint point)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(point);
        return !point.Saturated
            && (simulation.MaxTtftSeconds is not { } ttft || point.TtftP90 <= ttft)
            && (simulation.MinTokSUser is not { } speed || point.TokSUserP50 >= speed);
    }

    /// <inheritdoc/>
    public void Dispose() => _device?.Dispose();

    private static void Validate(LoadSimulation s, bool findMax)
    {
        ArgumentNullException.ThrowIfNull(s.Loads);
        if (s.Loads.Count == 0)
        {
            throw new ArgumentException("At least one load level is needed.", nameof(LoadSimulation.Loads));
        }

        if (s.Seeds < 1)
        {
            throw new ArgumentException($"Seeds must be at least 1 (was {s.Seeds}).", nameof(LoadSimulation.Seeds));
        }

        if (s.RequestsPerSeed < 20 || s.RequestsPerSeed > 10_000_000)
        {
            throw new ArgumentException($"RequestsPerSeed must be between 20 and 10,000,000 (was {s.RequestsPerSeed}).", nameof(LoadSimulation.RequestsPerSeed));
        }

        if (s.MaxTtftSeconds is { } t && !(t > 0))
        {
            throw new ArgumentException($"MaxTtftSeconds must be positive (was {t}).", nameof(LoadSimulation.MaxTtftSeconds));
        }

        if (s.MinTokSUser is { } u && !(u > 0))
        {
            throw new ArgumentException($"MinTokSUser must be positive (was {u}).", nameof(LoadSimulation.MinTokSUser));
        }

        if (findMax && s.MaxTtftSeconds is null && s.MinTokSUser is null)
        {
            throw new ArgumentException("The highest rate meeting an SLA needs MaxTtftSeconds or MinTokSUser.", nameof(LoadSimulation.MaxTtftSeconds));
        }

        if (findMax && s.Loads.Any(l => l.Kind is not (ArrivalKind.Poisson or ArrivalKind.Gamma)))
        {
            throw new ArgumentException("The highest rate meeting an SLA needs open-loop (rate) load levels.", nameof(LoadSimulation.Loads));
        }
    }

    // Runs every seed of every level as one batch of replicas (one per thread) and pools each level's seeds.
    private List<LoadPoint> Levels(LoadSimulation s, ReplicaConfig config, IReadOnlyList<(ArrivalProcess Arrivals, ulong Key)> levels, double gpus, double price, Action report, CancellationToken cancellationToken)
    {
        var table = new List<double>();
        var loads = new List<ReplicaLoad>();
        foreach (var (arrivals, key) in levels)
        {
            var lengths = ReplicaPlan.Append(table, s, arrivals, out int traceOffset);
            for (int i = 0; i < s.Seeds; i++)
            {
                loads.Add(ReplicaPlan.Load(s, arrivals, lengths, traceOffset, s.Seed + (ulong)i, key));
            }
        }

        var batch = new ReplicaBatch([config], [.. loads], [.. table]);
        if (_device is not null)
        {
            _device.Run(batch, report, cancellationToken);
        }
        else
        {
            batch.RunManaged(_parallel, report, cancellationToken);
        }

        var points = new List<LoadPoint>();
        for (int level = 0; level < levels.Count; level++)
        {
            var replicas = Enumerable.Range(level * s.Seeds, s.Seeds)
                .Select(i => (batch.Records, i * batch.RecordsPerReplica, batch.Loads[i].Requests, batch.Summaries[i])).ToList();
            points.Add(LoadStatistics.Point(levels[level].Arrivals, replicas, config.KvCapacityTokens, gpus, price, s.MaxTtftSeconds, s.MinTokSUser));
        }

        return points;
    }

    private double? Bisect(LoadSimulation s, ReplicaConfig config, List<LoadPoint> points, double gpus, double price, Action report, ref long simulated, CancellationToken cancellationToken)
    {
        var byRate = s.Loads.Zip(points).OrderBy(x => x.First.RatePerSecond).ToList();
        int firstFail = byRate.FindIndex(x => !MeetsSla(s, x.Second));
        if (firstFail == 0)
        {
            return null;
        }

        if (firstFail < 0)
        {
            return byRate[^1].First.RatePerSecond;
        }

        double ok = byRate[firstFail - 1].First.RatePerSecond, bad = byRate[firstFail].First.RatePerSecond;
        var template = byRate[firstFail].First;
        for (int step = 0; step < BisectionSteps; step++)
        {
            double mid = Math.Sqrt(ok * bad);
            var arrivals = template.Kind == ArrivalKind.Gamma ? ArrivalProcess.Gamma(mid, template.CoefficientOfVariation) : ArrivalProcess.Poisson(mid);
            var point = Levels(s, config, [(arrivals, 1000 + (ulong)step)], gpus, price, report, cancellationToken)[0];
            simulated += point.SimulatedRequests;
            if (MeetsSla(s, point))
            {
                ok = mid;
            }
            else
            {
                bad = mid;
            }
        }

        return ok;
    }
}
