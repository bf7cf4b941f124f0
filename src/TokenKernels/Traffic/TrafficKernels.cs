using ILGPU;

namespace TokenKernels.Traffic;

/// <summary>The ILGPU entry point of the load simulator: one replica per thread, the same <see cref="ReplicaSimulation.Run"/> the managed path calls.</summary>
internal static class TrafficKernels
{
    /// <summary>Runs replica <paramref name="index"/> (of this launch, numbered from <paramref name="first"/>) to the end.</summary>
    public static void Replicas(
        Index1D index, int first, ArrayView<ReplicaConfig> configs, ArrayView<ReplicaLoad> loads, ArrayView<double> table,
        ArrayView<double> state, ArrayView<double> records, ArrayView<ReplicaSummary> summaries, int stateSize, int recordsPerReplica)
    {
        long replica = first + (long)(int)index;
        var memory = new DeviceTrafficMemory
        {
            TableView = table,
            StateView = state,
            StateOffset = (long)(int)index * stateSize,
            RecordView = records,
            RecordOffset = replica * recordsPerReplica,
        };
        var load = loads[replica];
        summaries[replica] = ReplicaSimulation.Run(ref memory, configs[load.ConfigIndex], load);
    }
}
