namespace TokenKernels;

/// <summary>The layout <see cref="Layouts.Best"/> picked: the deployment (tp, ep, dp, pp and pools resolved) and its result.</summary>
/// <param name="Deployment">The chosen deployment; <see cref="Deployment.Tp"/> and <see cref="Deployment.Dp"/> are explicit.</param>
/// <param name="Point">What it yields (<see cref="TokenCost.Evaluate"/> of <paramref name="Deployment"/>).</param>
/// <param name="LayoutsSearched">Configurations the search evaluated.</param>
public sealed record LayoutChoice(Deployment Deployment, ServingPoint Point, long LayoutsSearched);
