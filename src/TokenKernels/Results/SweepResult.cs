namespace TokenKernels;

/// <summary>A sweep's answer with the statistics of the run that produced it.</summary>
/// <typeparam name="T">The answer: frontier points, the cheapest point, the top k.</typeparam>
public sealed record SweepResult<T>(T Value, SweepStats Stats);
