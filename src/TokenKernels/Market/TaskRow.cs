namespace TokenKernels;

/// <summary>What one task takes and costs with one candidate: TTFT + answer x TPOT, and prompt x input + answer x output price.</summary>
/// <param name="Name">The candidate.</param>
/// <param name="AnswerTokens">Tokens of its answer.</param>
/// <param name="Latency">End-to-end time the user waits.</param>
/// <param name="Cost">Price (offers) or cost to serve (modelled points) of the task.</param>
public sealed record TaskRow(string Name, int AnswerTokens, Duration Latency, Usd Cost);
