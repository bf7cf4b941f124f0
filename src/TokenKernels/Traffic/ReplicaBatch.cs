namespace TokenKernels.Traffic;

/// <summary>
/// Many replicas for one run: their configurations, loads and the shared table in, their records and summaries out.
/// Replica i writes records [i x <see cref="RecordsPerReplica"/>, ...).
/// </summary>
internal sealed class ReplicaBatch
{
    public ReplicaBatch(ReplicaConfig[] configs, ReplicaLoad[] loads, double[] table)
    {
        Configs = configs;
        Loads = loads;
        Table = table;
        StateSize = configs.Max(c => ReplicaSimulation.StateSize(c.BatchLimit, c.Instances));
        RecordsPerReplica = loads.Max(l => l.Requests) * ReplicaSimulation.RecordFields;
        Records = new double[(long)loads.Length * RecordsPerReplica];
        Summaries = new ReplicaSummary[loads.Length];
    }

    public ReplicaConfig[] Configs { get; }

    public ReplicaLoad[] Loads { get; }

    public double[] Table { get; }

    public int StateSize { get; }

    public int RecordsPerReplica { get; }

    public double[] Records { get; }

    public ReplicaSummary[] Summaries { get; }

    /// <summary>Runs every replica on the managed path: one per thread (or all on this thread).</summary>
    public void RunManaged(bool parallel, Action done, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = parallel ? Environment.ProcessorCount : 1 };
        Parallel.For(0, Loads.Length, options, () => new double[StateSize], (i, _, state) =>
        {
            var memory = new HostTrafficMemory(Table, state, 0, Records, i * RecordsPerReplica);
            Summaries[i] = ReplicaSimulation.Run(ref memory, Configs[Loads[i].ConfigIndex], Loads[i]);
            done();
            return state;
        }, _ => { });
    }
}
