namespace TokenKernels;

/// <summary>The fleet a demand needs when served at one tok/s per user.</summary>
/// <param name="TokSUser">The interactivity the fleet serves at, output tok/s per user.</param>
/// <param name="Plan">The fleet (<c>Economics.PlanFleet</c>'s answer for the serving point at that speed).</param>
public sealed record FleetAtInteractivity(double TokSUser, FleetPlan Plan);
