using System.Diagnostics;
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

    /// <summary>Opens the simulator. <see cref="SweepBackend.Scalar"/> runs replicas one after another on one thread; every other choice runs one replica per CPU thread.</summary>
    public LoadSimulator(SweepBackend backend = SweepBackend.Cpu)
    {
        Backend = backend == SweepBackend.Scalar ? "scalar" : "cpu";
    }

    /// <summary>Where replicas run ("cpu" or "scalar").</summary>
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

        var points = new List<LoadPoint>();
        for (int level = 0; level < simulation.Loads.Count; level++)
        {
            var point = Level(simulation, config, simulation.Loads[level], (ulong)level, gpus, price, Report, cancellationToken);
            simulated += point.SimulatedRequests;
            points.Add(point);
        }

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
    public void Dispose()
    {
    }

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

    // Runs the seeds of one load level, one replica per thread, and pools them.
    private LoadPoint Level(LoadSimulation s, ReplicaConfig config, ArrivalProcess arrivals, ulong level, double gpus, double price, Action report, CancellationToken cancellationToken)
    {
        double[] table = ReplicaPlan.Table(s, arrivals, out var lengths, out int traceOffset);
        int seeds = s.Seeds;
        var loads = new ReplicaLoad[seeds];
        for (int i = 0; i < seeds; i++)
        {
            loads[i] = ReplicaPlan.Load(s, arrivals, lengths, traceOffset, s.Seed + (ulong)i, level);
        }

        int n = loads[0].Requests;
        int stateSize = ReplicaSimulation.StateSize(config.BatchLimit, config.PrefillServers);
        var records = new double[(long)seeds * n * ReplicaSimulation.RecordFields];
        var summaries = new ReplicaSummary[seeds];
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Backend == "scalar" ? 1 : Environment.ProcessorCount };
        Parallel.For(0, seeds, options, i =>
        {
            var state = new double[stateSize];
            var memory = new HostTrafficMemory(table, state, 0, records, i * n * ReplicaSimulation.RecordFields);
            summaries[i] = ReplicaSimulation.Run(ref memory, config, loads[i]);
            report();
        });

        var replicas = Enumerable.Range(0, seeds).Select(i => (records, i * n * ReplicaSimulation.RecordFields, n, summaries[i])).ToList();
        return LoadStatistics.Point(arrivals, replicas, config.KvCapacityTokens, gpus, price, s.MaxTtftSeconds, s.MinTokSUser);
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
            var point = Level(s, config, arrivals, 1000 + (ulong)step, gpus, price, report, cancellationToken);
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
