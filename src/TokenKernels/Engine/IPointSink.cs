using TokenKernels.Physics;

namespace TokenKernels.Engine;

/// <summary>Receives each feasible configuration a <see cref="GridWalker"/> evaluates. Implemented by structs (kernel reductions, managed collectors).</summary>
internal interface IPointSink
{
    void Add(long index, int group, in PackedResult result);
}

/// <summary>
/// A host sink the lane walk can ask, before it fills a feasible point's full result, whether the point can matter: the
/// frontier rejects points its set already dominates (most of them) at the cost of two numbers.
/// </summary>
internal interface IManagedSink : IPointSink
{
    /// <summary>
    /// False only when <see cref="IPointSink.Add"/> of this point would change nothing, now and after any further
    /// <see cref="IPointSink.Add"/> (the lane walk asks for all four lanes of a group before it adds the wanted ones; a
    /// frontier's dominated region only grows).
    /// </summary>
    bool Wants(long index, int group, double tokSUser, double outputTokSGpu);
}
