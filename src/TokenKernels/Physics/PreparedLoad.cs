namespace TokenKernels.Physics;

/// <summary>
/// What a configuration's lengths fix before its batch is known: context checks, KV bytes per sequence, the decode
/// context, and prefill (chunks, a lone request's chunk step, the step of a full packed chunk). Built by
/// <see cref="ServingModel.PrepareLoad"/>; a sweep keeps one while only the batch changes.
/// </summary>
internal struct PreparedLoad
{
    /// <summary><see cref="InfeasibleReason"/> code the lengths alone cause (context window), or 0.</summary>
    public int Reason;

    /// <summary>KV bytes one sequence keeps on one decode GPU at full context (input + output).</summary>
    public double KvBytesPerSequence;

    /// <summary>KV token-layers each decode query attends to (mean context input + output / 2).</summary>
    public double DecodeContextTokenLayers;

    /// <summary>Prompt tokens not served from the prefix cache.</summary>
    public double FreshTokens;

    /// <summary>Tokens of a lone request's chunk, min(fresh, chunk size).</summary>
    public double Chunk;

    /// <summary>KV token-layers each prefill query attends to.</summary>
    public double PrefillContextTokenLayers;

    /// <summary>A lone request's prefill: its chunks through the pipeline.</summary>
    public double PrefillServiceSeconds;

    /// <summary>One lone chunk's step.</summary>
    public double ChunkStepSeconds;

    /// <summary>Step of a full packed chunk (chunk-size tokens of several prompts), used once the batch fills one.</summary>
    public double FullChunkStepSeconds;
}
