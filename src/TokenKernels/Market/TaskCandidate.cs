namespace TokenKernels;

/// <summary>
/// Who answers a task, and how long the answer is: a speed (TTFT, time per output token) and prices per million tokens,
/// from an offer (price and speed as sold, no physics) or from a modelled serving point (cost to serve).
/// </summary>
public sealed record TaskCandidate
{
    /// <summary>Row name (a provider, or "model on hardware").</summary>
    public required string Name { get; init; }

    /// <summary>Tokens of the answer this candidate gives (reasoning included).</summary>
    public required int AnswerTokens { get; init; }

    /// <summary>Time to first token.</summary>
    public required Duration Ttft { get; init; }

    /// <summary>Time per output token (1 / tok/s/user).</summary>
    public required Duration Tpot { get; init; }

    /// <summary>Per million prompt tokens.</summary>
    public required Usd UsdPerMtokInput { get; init; }

    /// <summary>Per million answer tokens.</summary>
    public required Usd UsdPerMtokOutput { get; init; }

    /// <summary>A candidate from an offer: its TTFT, 1 / its tok/s/user, its cache-miss input price and its output price.</summary>
    /// <exception cref="ArgumentException">The offer leaves TTFT, tok/s/user or a price unknown, or the answer is negative.</exception>
    public static TaskCandidate FromOffer(ProviderOffer offer, int answerTokens)
    {
        ArgumentNullException.ThrowIfNull(offer);
        string Missing(string what) => $"The offer of {offer.Provider} states no {what}; a task needs it.";
        return new TaskCandidate
        {
            Name = offer.Provider,
            AnswerTokens = answerTokens >= 0 ? answerTokens : throw new ArgumentException($"Answer tokens must not be negative (was {answerTokens}).", nameof(answerTokens)),
            Ttft = offer.Ttft ?? throw new ArgumentException(Missing("TTFT (ttft_s)"), nameof(offer)),
            Tpot = offer.TokSUser is { } s ? Duration.FromSeconds(1 / s) : throw new ArgumentException(Missing("speed (tok_s_user)"), nameof(offer)),
            UsdPerMtokInput = offer.InputPrice ?? throw new ArgumentException(Missing("input price"), nameof(offer)),
            UsdPerMtokOutput = offer.OutputPrice ?? throw new ArgumentException(Missing("output price"), nameof(offer)),
        };
    }

    /// <summary>
    /// A candidate from a modelled point: its TTFT and TPOT, and its cost to serve per million input and output tokens.
    /// When the point was evaluated at a load (<see cref="SweepGrid.Load"/> or <see cref="SweepGrid.Rate"/>), the TTFT is
    /// the P90 at that load, queueing included: the task then takes what nine users in ten wait at that traffic, at most.
    /// </summary>
    /// <exception cref="ArgumentException">The point is infeasible or unpriced, or the answer is negative.</exception>
    public static TaskCandidate FromPoint(string name, ServingPoint point, int answerTokens)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!point.Feasible)
        {
            throw new ArgumentException($"The serving point of {name} is infeasible: {point.Reason.Describe()}.", nameof(point));
        }

        return new TaskCandidate
        {
            Name = name,
            AnswerTokens = answerTokens >= 0 ? answerTokens : throw new ArgumentException($"Answer tokens must not be negative (was {answerTokens}).", nameof(answerTokens)),
            Ttft = point.TtftP90AtLoad is { } atLoad
                ? (double.IsFinite(atLoad.Seconds) ? atLoad : throw new ArgumentException($"The serving point of {name} is saturated at its load: no finite TTFT.", nameof(point)))
                : point.Ttft,
            Tpot = point.Tpot,
            UsdPerMtokInput = point.UsdPerMtokInput ?? throw new ArgumentException($"The serving point of {name} has no GPU-hour price.", nameof(point)),
            UsdPerMtokOutput = point.UsdPerMtokOutput ?? throw new ArgumentException($"The serving point of {name} has no GPU-hour price.", nameof(point)),
        };
    }
}
