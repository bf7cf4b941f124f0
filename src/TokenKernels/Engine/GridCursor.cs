namespace TokenKernels.Engine;

/// <summary>The mixed-radix digits of one grid index, one per <see cref="SweepAxis"/>. Kernel-safe.</summary>
internal struct GridCursor
{
    public int Model;
    public int Hardware;
    public int Gpus;
    public int Tp;
    public int Ep;
    public int Dp;
    public int Pp;
    public int Weights;
    public int KvCache;
    public int Mtp;
    public int Osl;
    public int Isl;
    public int Batch;
}
