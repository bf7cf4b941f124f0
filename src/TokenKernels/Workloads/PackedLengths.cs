namespace TokenKernels.Workloads;

/// <summary>
/// A length distribution as a table (blittable): <see cref="Mode"/> 0 = weighted pairs (inputs, outputs, cumulative
/// probabilities, <see cref="Count"/> each), 1 = independent input and output quantile tables (<see cref="Count"/>
/// equal-probability points each), 2 = a trace's pairs in order (inputs, outputs).
/// </summary>
internal struct PackedLengths
{
    public int Mode;
    public int Count;

    /// <summary>Where the entries start in the shared table.</summary>
    public int Offset;

    /// <summary>Context cap on input + output (tokens); 0 = none. Only mode 1 is ever clipped by it.</summary>
    public double Cap;
}
