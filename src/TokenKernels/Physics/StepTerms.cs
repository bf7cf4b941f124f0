namespace TokenKernels.Physics;

/// <summary>The roofline terms of one forward step of one pipeline stage on one GPU, and its time.</summary>
internal struct StepTerms
{
    /// <summary>The one lane of a <see cref="StepTerms{T}"/> computed on <see cref="Lane1"/>.</summary>
    public static StepTerms From(in StepTerms<Lane1> t) => new()
    {
        ComputeSeconds = t.ComputeSeconds.Value,
        MemorySeconds = t.MemorySeconds.Value,
        NetworkSeconds = t.NetworkSeconds.Value,
        OverheadSeconds = t.OverheadSeconds.Value,
        Seconds = t.Seconds.Value,
        Bound = (int)t.Bound.Value,
    };

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
