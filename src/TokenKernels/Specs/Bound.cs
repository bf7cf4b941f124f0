namespace TokenKernels;

/// <summary>The term that sets a decode step's time.</summary>
public enum Bound
{
    /// <summary>Tensor-core arithmetic.</summary>
    Compute = 0,

    /// <summary>HBM traffic (weights and KV cache).</summary>
    Memory = 1,

    /// <summary>Collectives over scale-up or scale-out links, not hidden by compute.</summary>
    Network = 2,

    /// <summary>Fixed per-step and per-layer costs (launches, scheduling, sampling).</summary>
    Overhead = 3,
}
