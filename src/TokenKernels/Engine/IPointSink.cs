using TokenKernels.Physics;

namespace TokenKernels.Engine;

/// <summary>Receives each feasible configuration a <see cref="GridWalker"/> evaluates. Implemented by structs (kernel reductions, managed collectors).</summary>
internal interface IPointSink
{
    void Add(long index, int group, in PackedResult result);
}
