namespace TokenKernels;

/// <summary>Progress of a sweep: configurations done of the total (a two-pass reduction counts both passes).</summary>
public readonly record struct SweepProgress(long Done, long Total)
{
    /// <summary>Done / total, 0 to 1.</summary>
    public double Fraction => Total > 0 ? (double)Done / Total : 1.0;
}
