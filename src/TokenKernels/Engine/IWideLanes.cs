using TokenKernels.Physics;

namespace TokenKernels.Engine;

/// <summary>A host lane type the managed walk (<see cref="LaneWalker"/>) evaluates several batch sizes in: <see cref="Lane4"/>, <see cref="Lane8"/>.</summary>
internal interface IWideLanes<T> : ILanes<T>
    where T : struct, IWideLanes<T>
{
    /// <summary>Doubles side by side.</summary>
    static abstract int Width { get; }

    /// <summary>Whether the CPU runs the vectors in hardware (else the scalar walker is faster).</summary>
    static abstract bool IsAccelerated { get; }

    /// <summary>The lanes from the first <see cref="Width"/> values.</summary>
    static abstract T Load(ReadOnlySpan<double> values);

    /// <summary>Bit k set where lane k is exactly 0 (a feasible lane's reason code).</summary>
    static abstract int ZeroLanes(T v);
}
