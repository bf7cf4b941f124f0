namespace TokenKernels;

/// <summary>One hardware's (or scenario's) fleets across interactivity targets.</summary>
/// <param name="Label">The legend text.</param>
/// <param name="Points">The fleets (e.g. <see cref="FleetReport.AtTokSUser"/>), in any order; a target no configuration meets (no GPU count) is not drawn.</param>
public sealed record FleetSeries(string Label, IReadOnlyList<FleetAtSpeed> Points);
