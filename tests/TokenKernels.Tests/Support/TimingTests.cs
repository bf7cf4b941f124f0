using Xunit;

namespace TokenKernels.Tests.Support;

/// <summary>
/// Tests that time how fast work stops (Ctrl-C, a cancelled token) run in this collection: xUnit runs it after the
/// parallel collections, alone, so the bound they check is not the rest of the suite competing for a 2-core machine
/// (on CI, a streamed sweep under the suite's own load once took 1.4 s to stop against a 1 s bound).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingTests
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Timing";
}
