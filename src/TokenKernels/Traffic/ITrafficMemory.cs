using TokenKernels.Workloads;

namespace TokenKernels.Traffic;

/// <summary>
/// One replica's memory wherever it lives: the shared read-only table (lengths, trace arrivals), the replica's working
/// state (batch slots, preempted ring, prefill servers) and its per-request records. Host arrays on the CPU, array views on
/// a device; implemented by structs so <see cref="ReplicaSimulation"/> runs unchanged in kernels (no virtual calls).
/// </summary>
internal interface ITrafficMemory : ITable
{
    double State(int i);

    void SetState(int i, double value);

    /// <summary>Request records: <see cref="ReplicaSimulation.RecordFields"/> doubles per request.</summary>
    double Record(int i);

    void SetRecord(int i, double value);
}
