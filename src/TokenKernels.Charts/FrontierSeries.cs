namespace TokenKernels;

/// <summary>One frontier to draw: a legend text and the sweep's points (e.g. one model on one hardware).</summary>
/// <param name="Label">The legend text.</param>
/// <param name="Points">The points, in any order.</param>
public sealed record FrontierSeries(string Label, IReadOnlyList<FrontierPoint> Points)
{
    /// <summary>Splits a sweep's points by frontier group, labelled "model on hardware" plus what tells groups of the same pair apart.</summary>
    /// <param name="points">Points of one sweep (e.g. <see cref="SweepEngine.Frontier"/>'s answer).</param>
    /// <param name="label">The legend text of a group, from its first point; null for "model on hardware".</param>
    public static IReadOnlyList<FrontierSeries> ByGroup(IEnumerable<FrontierPoint> points, Func<FrontierPoint, string>? label = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        label ??= p => $"{p.Configuration.Model} on {p.Configuration.Hardware}";
        return [.. points.GroupBy(p => p.Group).OrderBy(g => g.Key).Select(g => new FrontierSeries(label(g.First()), [.. g]))];
    }
}
