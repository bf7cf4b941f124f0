using TokenKernels.Packing;
using TokenKernels.Physics;

namespace TokenKernels.Traffic;

/// <summary>One serving configuration as the simulator needs it (blittable): the prepared physics and the limits derived from it on the host.</summary>
internal struct ReplicaConfig
{
    public PreparedDeployment Prep;
    public PackedModel Model;
    public PackedDeployment Deployment;

    /// <summary>Sequences one decode instance may hold (the deployment's batch limit).</summary>
    public int BatchLimit;

    /// <summary>Decode instances, each simulated on its own with <see cref="BatchLimit"/> and <see cref="KvCapacityTokens"/> (1 colocated).</summary>
    public int Instances;

    /// <summary>KV tokens one decode instance holds (every dp rank of it).</summary>
    public double KvCapacityTokens;

    /// <summary>KV tokens of every instance together.</summary>
    public readonly double TotalKvTokens => KvCapacityTokens * Instances;

    /// <summary>Prompt tokens one prefill step may take across the prefill dp ranks (chunk x dp): a colocated mixed step, or a step of the disaggregated prefill pool.</summary>
    public double PrefillBudgetTokens;

    /// <summary>
    /// 1 where the engine runs waiting prompts in prefill-only steps ahead of decode (SGLang without --enable-mixed-chunk,
    /// ATOM): a colocated step with prompts waiting carries no decode, so the running batch pauses until they are prefilled.
    /// 0 (the default): each step carries a prefill chunk and one decode step of the running batch (vLLM V1's chunked
    /// prefill, TensorRT-LLM's in-flight batching).
    /// </summary>
    public int PrefillFirst;

    /// <summary>MTP: the chance each draft is accepted that gives the deployment's acceptance length (<see cref="MtpAcceptance.PerDraft"/>); 0 without drafts.</summary>
    public double PerDraft;

    /// <summary>MTP: variance of the tokens one decode step emits (<see cref="MtpAcceptance.TokensPerStepVariance"/>).</summary>
    public double StepTokensVariance;
}
