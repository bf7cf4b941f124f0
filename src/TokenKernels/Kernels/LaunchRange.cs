namespace TokenKernels.Kernels;

/// <summary>Indices [Start, End) of one launch; thread t walks [Start + t x PerThread, +PerThread) clipped to End.</summary>
internal struct LaunchRange
{
    public long Start;
    public long End;
    public long PerThread;

    public readonly long First(int thread) => Math.Min(End, Start + (thread * PerThread));

    public readonly long Last(int thread) => Math.Min(End, Start + ((thread + 1) * PerThread));
}
