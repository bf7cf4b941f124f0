using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TokenKernels.Engine;
using Xunit;

namespace TokenKernels.Tests.Engine;

/// <summary>
/// The one Pareto implementation (the sweep engine's frontier and the calibration's frontier rows both use it) against
/// the definition: a point stays unless another has both coordinates at least as large and one larger; of exact
/// duplicates the lowest index stays; the arrival order does not matter.
/// </summary>
public class ParetoSetTests
{
    // Coordinates from a small set so that ties in u, in t and exact duplicates are common.
    private static readonly Gen<(double U, double T)[]> Points =
        Gen.Elements(0.0, 1.0, 2.0, 2.5, 3.0, 10.0).Two().Select(p => (p.Item1, p.Item2)).ArrayOf();

    [Property(MaxTest = 500)]
    public Property MatchesTheDefinition_InAnyOrder() => Prop.ForAll(Points.ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (points, seed) =>
    {
        var expected = Enumerable.Range(0, points.Length)
            .Where(i => !Enumerable.Range(0, points.Length).Any(j => Dominates(points[j], points[i]) || (points[j] == points[i] && j < i)))
            .OrderBy(i => points[i].U)
            .ToList();

        var shuffled = new Random(seed);
        var order = Enumerable.Range(0, points.Length).OrderBy(_ => shuffled.Next()).ToList();
        var set = new ParetoSet();
        foreach (int i in order)
        {
            set.Add(points[i].U, points[i].T, i);
        }

        var actual = Enumerable.Range(0, set.Count).Select(k => (int)set.Index(k)).ToList();
        Assert.Equal(expected, actual);
        for (int k = 1; k < set.Count; k++)
        {
            Assert.True(set.U(k) > set.U(k - 1) && set.T(k) < set.T(k - 1), "ascending u, strictly descending t");
        }
    });

    [Fact]
    public void Merging_KeepsTheFrontierOfTheUnion()
    {
        // (1,5) (2,4) (3,1) in one set, (2,4) again at a lower index and (3,2) in the other: (3,2) beats (3,1) and the
        // duplicate keeps index 0.
        var a = new ParetoSet();
        a.Add(1, 5, 10);
        a.Add(2, 4, 11);
        a.Add(3, 1, 12);
        var b = new ParetoSet();
        b.Add(2, 4, 0);
        b.Add(3, 2, 13);
        a.AddAll(b);
        Assert.Equal([10L, 0L, 13L], Enumerable.Range(0, a.Count).Select(a.Index));
    }

    private static bool Dominates((double U, double T) a, (double U, double T) b) =>
        a.U >= b.U && a.T >= b.T && (a.U > b.U || a.T > b.T);
}
