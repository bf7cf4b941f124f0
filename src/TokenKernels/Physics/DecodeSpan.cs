using TokenKernels.Packing;

namespace TokenKernels.Physics;

/// <summary>
/// Many decode steps of an unchanging batch at once, for the load simulator: between two events the batch is fixed and
/// each sequence's context grows by the tokens accepted per step, so every term of a step is linear in the step index
/// and the span is a sum of <see cref="ServingModel.DecodeTokenStepSeconds"/> in closed form. Kernel-safe.
/// </summary>
internal static class DecodeSpan
{
    /// <summary>
    /// Seconds of <paramref name="steps"/> consecutive decode token steps of <paramref name="batch"/> sequences whose mean
    /// context is <paramref name="contextTokens"/> at the first step and grows by <paramref name="growthPerStep"/> tokens
    /// per step. Exact where the step is linear in the context (full attention): the trapezoid rule over each side of the
    /// compute/memory crossover, so the roofline's kink is honoured. Sliding-window layers make it an approximation.
    /// </summary>
    public static double Seconds(in PreparedDeployment prep, in PackedModel m, in PackedDeployment d, double batch, double contextTokens, double growthPerStep, double steps)
    {
        if (steps <= 0)
        {
            return 0;
        }

        double first = Step(prep, m, d, batch, contextTokens, out double gapFirst);
        if (steps <= 1)
        {
            return first;
        }

        double lastIndex = steps - 1;
        double last = Step(prep, m, d, batch, contextTokens + (lastIndex * growthPerStep), out double gapLast);
        if ((gapFirst >= 0) == (gapLast >= 0))
        {
            return steps * (first + last) / 2.0;
        }

        // compute - memory changes sign: split after the last step before the crossover.
        double split = Math.Floor(lastIndex * gapFirst / (gapFirst - gapLast));
        split = Math.Min(Math.Max(split, 0), lastIndex - 1);
        double atSplit = Step(prep, m, d, batch, contextTokens + (split * growthPerStep), out _);
        double afterSplit = Step(prep, m, d, batch, contextTokens + ((split + 1) * growthPerStep), out _);
        return ((split + 1) * (first + atSplit) / 2.0) + ((lastIndex - split) * (afterSplit + last) / 2.0);
    }

    /// <summary>One prefill stage step of <paramref name="tokensPerRank"/> prompt tokens from <paramref name="sequencesPerRank"/> prompts, attending to a mean context of <paramref name="contextTokens"/>; <paramref name="moeTokens"/>: the step's prompt tokens on every busy rank, which meet the experts.</summary>
    public static double PrefillStepSeconds(in PreparedDeployment prep, in PackedModel m, double tokensPerRank, double sequencesPerRank, double contextTokens, double moeTokens) =>
        ForwardPass.Step(prep.PrefillStep, tokensPerRank, sequencesPerRank, sequencesPerRank, ModelGeometry.KvTokenLayers(m, contextTokens, prep.PrefillStep.Layers), moeTokens).Seconds;

    private static double Step(in PreparedDeployment prep, in PackedModel m, in PackedDeployment d, double batch, double contextTokens, out double computeMinusMemory)
    {
        double seconds = ServingModel.DecodeTokenStepSeconds(prep, m, d, batch, ModelGeometry.KvTokenLayers(m, contextTokens, prep.DecodeStep.Layers), out var terms);
        computeMinusMemory = terms.ComputeSeconds - terms.MemorySeconds;
        return seconds;
    }
}
