namespace TokenKernels;

/// <summary>
/// What one provider sells: a model at a price (per million tokens) and a speed, with the context window it serves. Every
/// figure but the provider, the model and the source may be unknown (null): an offer file leaves a cell empty where its
/// source does not state the value.
/// </summary>
public sealed record ProviderOffer
{
    /// <summary>Who sells it (a row key: provider names are unique within an offer set).</summary>
    public required string Provider { get; init; }

    /// <summary>The model served: a catalog id (<c>deepseek-r1</c>) when the model's physics are known, else any name.</summary>
    public required string Model { get; init; }

    /// <summary>Price per million input tokens that miss the provider's prompt cache (the list input price).</summary>
    public Usd? InputPrice { get; init; }

    /// <summary>Price per million input tokens served from the prompt cache; null = no discount stated.</summary>
    public Usd? InputCacheHitPrice { get; init; }

    /// <summary>Price per million output tokens.</summary>
    public Usd? OutputPrice { get; init; }

    /// <summary>Time to first token a user sees.</summary>
    public Duration? Ttft { get; init; }

    /// <summary>Output tokens per second per user (interactivity).</summary>
    public double? TokSUser { get; init; }

    /// <summary>Longest context (prompt + answer tokens) the provider serves.</summary>
    public int? ContextTokens { get; init; }

    /// <summary>The hardware the provider states it serves on, if any (informational).</summary>
    public string? Hardware { get; init; }

    /// <summary>Where each value comes from (free text; approximate values say so).</summary>
    public string Source { get; init; } = "";

    /// <summary>
    /// The price a cache hit actually pays: <see cref="InputCacheHitPrice"/>, or the miss price when the provider offers no
    /// discount.
    /// </summary>
    public Usd? EffectiveCacheHitPrice => InputCacheHitPrice ?? InputPrice;

    /// <summary>
    /// Revenue of one request at this offer's prices: (prompt x ((1 - hit) x miss price + hit x hit price) + answer x
    /// output price) / 1e6; null when a price is unknown.
    /// </summary>
    /// <param name="promptTokens">Prompt tokens of the request.</param>
    /// <param name="answerTokens">Answer tokens of the request.</param>
    /// <param name="cacheHitShare">Share 0-1 of prompt tokens served from the prompt cache.</param>
    public Usd? RequestPrice(double promptTokens, double answerTokens, double cacheHitShare = 0)
    {
        if (InputPrice is not { } miss || OutputPrice is not { } output || EffectiveCacheHitPrice is not { } hit)
        {
            return null;
        }

        double input = promptTokens * (((1 - cacheHitShare) * miss.Dollars) + (cacheHitShare * hit.Dollars));
        return new Usd((input + (answerTokens * output.Dollars)) / 1e6);
    }
}
