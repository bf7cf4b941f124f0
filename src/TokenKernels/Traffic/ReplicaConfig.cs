using TokenKernels.Packing;
using TokenKernels.Physics;

namespace TokenKernels.Traffic;

/// <summary>One serving configuration as the simulator needs it (blittable): the prepared physics and the limits derived from it on the host.</summary>
internal struct ReplicaConfig
{
    public PreparedDeployment Prep;
    public PackedModel Model;
    public PackedDeployment Deployment;

    /// <summary>Sequences the decode side may hold (batch limit x decode instances).</summary>
    public int BatchLimit;

    /// <summary>Identical decode instances sharing the load (the step is timed at batch / instances).</summary>
    public double DecodeInstances;

    /// <summary>KV tokens the decode side holds in all (every dp rank, every instance).</summary>
    public double KvCapacityTokens;

    /// <summary>Disaggregated: parallel prefill servers (the prefill pool's dp ranks); colocated: 0.</summary>
    public int PrefillServers;

    /// <summary>Colocated: prompt tokens one mixed step may prefill across the dp ranks (chunk x dp).</summary>
    public double PrefillBudgetTokens;
}
