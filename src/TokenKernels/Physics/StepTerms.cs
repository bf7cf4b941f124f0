namespace TokenKernels.Physics;

/// <summary>The roofline terms of one forward step of one pipeline stage on one GPU, and its time.</summary>
internal struct StepTerms
{
    public double ComputeSeconds;
    public double MemorySeconds;

    /// <summary>Communication left exposed after overlap with compute.</summary>
    public double NetworkSeconds;
    public double OverheadSeconds;

    /// <summary>Roofline of compute and memory + exposed network + overhead.</summary>
    public double Seconds;

    /// <summary>The largest term (<see cref="Bound"/> code).</summary>
    public int Bound;
}

/// <summary><see cref="StepTerms"/> in every lane of <typeparamref name="T"/>; the bound as its code.</summary>
internal struct StepTerms<T>
    where T : struct, ILanes<T>
{
    public T ComputeSeconds;
    public T MemorySeconds;
    public T NetworkSeconds;
    public T OverheadSeconds;
    public T Seconds;
    public T Bound;
}
