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

        var job = new Job(simulation, config, gpus, price, [.. simulation.Loads.Select((l, i) => (l, (ulong)i))]);
        var points = Levels([job], Report, cancellationToken)[0];
        simulated += points.Sum(p => p.SimulatedRequests);

        double? best = null;
        if (findMaxRateMeetingSla)
        {
            best = Bisect(job, points, Report, ref simulated, cancellationToken);
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

    /// <summary>
    /// Simulates several configurations in one launch: every load level x seed of every simulation is one replica of a
    /// single batch (one per CPU thread, or one per device thread on a device backend), each with its own configuration,
    /// lengths and seeds; results come back in the order given, each as <see cref="Run(LoadSimulation, bool, IProgress{SweepProgress}, CancellationToken)"/>
    /// would return it for the same seeds. <see cref="LoadSimulationResult.Seconds"/> is the whole launch's time in each.
    /// The highest rate meeting an SLA is a per-simulation bisection: ask <see cref="Run(LoadSimulation, bool, IProgress{SweepProgress}, CancellationToken)"/> for it.
    /// </summary>
    /// <param name="simulations">At least one; each checked as a single run is.</param>
    /// <param name="progress">Replicas done of those planned.</param>
    /// <param name="cancellationToken">Stops between replicas.</param>
    /// <exception cref="ArgumentException">A simulation is out of range or cannot run (ParamName names the field; the message its index).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public IReadOnlyList<LoadSimulationResult> RunMany(IReadOnlyList<LoadSimulation> simulations, IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        if (simulations.Count == 0)
        {
            throw new ArgumentException("At least one simulation is needed.", nameof(simulations));
        }

        var jobs = new List<Job>();
        for (int k = 0; k < simulations.Count; k++)
        {
            var s = simulations[k] ?? throw new ArgumentException($"Simulation {k} is null.", nameof(simulations));
            try
            {
                Validate(s, findMax: false);
                var config = ReplicaPlan.Config(s, out double gpus, out double price);
                jobs.Add(new Job(s, config, gpus, price, [.. s.Loads.Select((l, i) => (l, (ulong)i))]));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Simulation {k}: {e.Message}", e.ParamName, e);
            }
        }

        var clock = Stopwatch.StartNew();
        long planned = jobs.Sum(j => (long)j.Levels.Count * j.S.Seeds);
        long done = 0;
        void Report() => progress?.Report(new SweepProgress(Interlocked.Increment(ref done), Math.Max(planned, done)));
        var points = Levels(jobs, Report, cancellationToken);
        double seconds = clock.Elapsed.TotalSeconds;
        return [.. points.Select(p => new LoadSimulationResult
        {
            Points = p,
            MaxRateMeetingSla = null,
            SimulatedRequests = p.Sum(x => x.SimulatedRequests),
            Seconds = seconds,
            Backend = Backend,
        })];
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

    // Runs every seed of every level of every job as one batch of replicas (one per thread) and pools each level's seeds.
    private List<List<LoadPoint>> Levels(IReadOnlyList<Job> jobs, Action report, CancellationToken cancellationToken)
    {
        var table = new List<double>();
        var loads = new List<ReplicaLoad>();
        for (int k = 0; k < jobs.Count; k++)
        {
            var s = jobs[k].S;
            var own = ReplicaPlan.AppendLengths(table, s);
            foreach (var (arrivals, key) in jobs[k].Levels)
            {
                var lengths = ReplicaPlan.Append(table, arrivals, own, out int traceOffset);
                for (int i = 0; i < s.Seeds; i++)
                {
                    loads.Add(ReplicaPlan.Load(s, arrivals, lengths, traceOffset, s.Seed + (ulong)i, key, k));
                }
            }
        }

        var batch = new ReplicaBatch([.. jobs.Select(j => j.Config)], [.. loads], [.. table]);
        if (_device is not null)
        {
            _device.Run(batch, report, cancellationToken);
        }
        else
        {
            batch.RunManaged(_parallel, report, cancellationToken);
        }

        var result = new List<List<LoadPoint>>();
        int first = 0;
        foreach (var job in jobs)
        {
            var points = new List<LoadPoint>();
            for (int level = 0; level < job.Levels.Count; level++)
            {
                var replicas = Enumerable.Range(first + (level * job.S.Seeds), job.S.Seeds)
                    .Select(i => (batch.Records, i * batch.RecordsPerReplica, batch.Loads[i].Requests, batch.Summaries[i])).ToList();
                points.Add(LoadStatistics.Point(job.Levels[level].Arrivals, replicas, job.Config.TotalKvTokens, job.Gpus, job.Price, job.S.MaxTtftSeconds, job.S.MinTokSUser));
            }

            first += job.Levels.Count * job.S.Seeds;
            result.Add(points);
        }

        return result;
    }

    private double? Bisect(Job job, List<LoadPoint> points, Action report, ref long simulated, CancellationToken cancellationToken)
    {
        var s = job.S;
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
            var point = Levels([job with { Levels = [(arrivals, 1000 + (ulong)step)] }], report, cancellationToken)[0][0];
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

    // One simulation as planned: its configuration, GPUs and price, and the levels to run with their stream keys.
    private sealed record Job(LoadSimulation S, ReplicaConfig Config, double Gpus, double Price, IReadOnlyList<(ArrivalProcess Arrivals, ulong Key)> Levels);
}
