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

    /// <summary>Prompt tokens one prefill step may take across the prefill dp ranks (chunk x dp): a colocated mixed step, or a step of the disaggregated prefill pool.</summary>
    public double PrefillBudgetTokens;

    /// <summary>MTP: the chance each draft is accepted that gives the deployment's acceptance length (<see cref="MtpAcceptance.PerDraft"/>); 0 without drafts.</summary>
    public double PerDraft;

    /// <summary>MTP: variance of the tokens one decode step emits (<see cref="MtpAcceptance.TokensPerStepVariance"/>).</summary>
    public double StepTokensVariance;
}
