namespace TokenKernels;

/// <summary>One hardware's (or scenario's) fleets across interactivity targets.</summary>
/// <param name="Label">The legend text.</param>
/// <param name="Points">The fleets, in any order.</param>
public sealed record FleetSeries(string Label, IReadOnlyList<FleetAtInteractivity> Points);
