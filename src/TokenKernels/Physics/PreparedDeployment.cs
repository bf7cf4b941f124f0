namespace TokenKernels.Physics;

/// <summary>
/// Everything about a configuration that does not depend on the load (batch, lengths, MTP, prefix hits): layouts,
/// their checks, the memory plan's fixed part and the step coefficients of both phases. Built by
/// <see cref="ServingModel.Prepare"/>; a sweep kernel keeps one while only load axes change.
/// </summary>
internal struct PreparedDeployment
{
    /// <summary><see cref="InfeasibleReason"/> code of the layout and weights; 0 = they can run.</summary>
    public int Reason;
    public Layout Decode;
    public Layout Prefill;
    public double StoredWeightBytes;
    public double KvCapacityBytes;

    /// <summary>KV bytes one sequence keeps per token-layer of context on one decode GPU.</summary>
    public double KvBytesPerTokenLayer;
    public StepCoefficients DecodeStep;
    public StepCoefficients PrefillStep;

    /// <summary>Disaggregated: seconds to move one prompt token's KV cache from the prefill to the decode pool.</summary>
    public double KvTransferSecondsPerToken;
}
