namespace TokenKernels.Physics;

/// <summary>
/// Time to first token under an open (Poisson) arrival stream at a share of a configuration's capacity, in closed form.
/// Kernel-safe. What a request meets, in the order the load simulator (Traffic/) and a continuous-batching engine run it:
/// <list type="number">
/// <item>A batch slot: c = the sequences the decode side holds, each held for its lifetime (an M/D/c queue by
/// Sakasegawa's approximation, exact as M/D/1, Pollaczek-Khinchine, at c = 1). The occupancy comes from Little's law at
/// the offered rate (<see cref="Occupancy"/>): below capacity steps are shorter. But a request waits only while every
/// slot is taken, and in that state each is held for the full batch's lifetime (every step at the full batch; colocated,
/// the full batch's prompts stealing time), so the queue runs at rate x that lifetime / c, which is above the mean
/// occupancy / c and reaches 1 exactly when the occupancy reaches c. Colocated, where prompts make a full batch's
/// lifetime much longer, the mean occupancy put the P90 at 80 % load 2-3x below the simulator's.</item>
/// <item>Colocated: the rest of the step in flight, then its own mixed step (its prompt chunk and one decode step of the
/// running batch; the first token comes at the end of it). Prompts that arrive during a step share the next one
/// (<see cref="PromptsPerStep"/>): at low rates each prompt pays a lone prefill step, not its share of a packed chunk,
/// which is why an instance saturates below the capacity its full-batch evaluation reports (<see cref="Colocated"/>).</item>
/// <item>Disaggregated: the prefill pool (one batch server: its ranks step together), the KV transfer, then a decode slot:
/// the decode side must hold the sequence before its first token reaches the user (<see cref="Disaggregated"/>).</item>
/// </list>
/// Each station's wait is 0 with probability 1 - P(wait) and exponential beyond it (the heavy-traffic tail), so its
/// q-quantile is mean / P(wait) x ln(P(wait) / (1 - q)); the TTFT quantile is the fixed part plus the stations'
/// quantiles (an upper bound on the quantile of their sum, exact when one station dominates). A station whose
/// utilisation at the offered rate reaches 1 saturates: flagged, with an infinite TTFT, even below the nominal capacity.
/// </summary>
internal static class Queueing
{
    /// <summary>
    /// Mean wait in an M/G/c queue (Sakasegawa 1977): Lq = rho^sqrt(2(c+1)) / (1 - rho) x (1 + scv) / 2, Wq = Lq / lambda
    /// with lambda = c x rho / service. Infinite at rho &gt;= 1; 0 at rho &lt;= 0.
    /// </summary>
    /// <param name="utilisation">rho, the share of the servers busy.</param>
    /// <param name="servers">c, at least 1.</param>
    /// <param name="serviceSeconds">Mean service time.</param>
    /// <param name="serviceScv">Squared coefficient of variation of the service time (0 = deterministic, 1 = exponential).</param>
    public static double MeanWait(double utilisation, double servers, double serviceSeconds, double serviceScv)
    {
        if (utilisation <= 0)
        {
            return 0;
        }

        if (utilisation >= 1)
        {
            return double.PositiveInfinity;
        }

        double c = Math.Max(1.0, servers);
        double queueLength = KernelMath.Pow(utilisation, Math.Sqrt(2.0 * (c + 1.0))) / (1.0 - utilisation) * (1.0 + serviceScv) / 2.0;
        return queueLength * serviceSeconds / (c * utilisation);
    }

    /// <summary>Probability an arrival waits at all: rho^(sqrt(2(c+1)) - 1) (Erlang C under Sakasegawa; rho at c = 1).</summary>
    public static double WaitProbability(double utilisation, double servers)
    {
        if (utilisation <= 0)
        {
            return 0;
        }

        return utilisation >= 1 ? 1.0 : KernelMath.Pow(utilisation, Math.Sqrt(2.0 * (Math.Max(1.0, servers) + 1.0)) - 1.0);
    }

    /// <summary>
    /// The q-quantile of a wait that is 0 with probability 1 - p and exponential with mean <paramref name="mean"/> / p
    /// beyond: mean / p x ln(p / (1 - q)) when p &gt; 1 - q, else 0.
    /// </summary>
    public static double WaitQuantile(double mean, double waitProbability, double quantile)
    {
        if (!(mean < double.PositiveInfinity))
        {
            return double.PositiveInfinity;
        }

        double tail = 1.0 - quantile;
        return waitProbability > tail && mean > 0 ? mean / waitProbability * KernelMath.Log(waitProbability / tail) : 0;
    }

    /// <summary>The q-quantile of one station's wait at a utilisation.</summary>
    public static double StationQuantile(double utilisation, double servers, double serviceSeconds, double serviceScv, double quantile) =>
        WaitQuantile(MeanWait(utilisation, servers, serviceSeconds, serviceScv), WaitProbability(utilisation, servers), quantile);

    /// <summary>
    /// The q-quantile of the wait for a step in flight: busy with probability <paramref name="busy"/>, and then the rest of
    /// a step of <paramref name="stepSeconds"/>, uniform (a Poisson arrival lands anywhere in it):
    /// step x (1 - (1 - q) / busy) when busy &gt; 1 - q, else 0.
    /// </summary>
    public static double StepInFlightQuantile(double busy, double stepSeconds, double quantile)
    {
        double tail = 1.0 - quantile;
        return busy > tail ? stepSeconds * (1.0 - (tail / busy)) : 0;
    }

    /// <summary>
    /// Sequences a decode side holds on average when requests arrive at <paramref name="arrivalRate"/> and each holds a
    /// slot for fixed + perSequence x occupancy seconds (a decode step grows about linearly with the batch, and colocated
    /// every other sequence's prompt steals time): the fixed point of Little's law b = rate x (fixed + perSequence x b).
    /// Infinite where no finite occupancy holds (rate x perSequence &gt;= 1): the slots saturate.
    /// </summary>
    public static double Occupancy(double arrivalRate, double fixedSeconds, double perSequenceSeconds)
    {
        double room = 1.0 - (arrivalRate * perSequenceSeconds);
        return room > 0 ? arrivalRate * fixedSeconds / room : double.PositiveInfinity;
    }

    /// <summary>
    /// Prompts a step with prefill carries on average when prompts arrive at <paramref name="arrivalRate"/>: the prompt
    /// that starts it, plus those that arrive while it waits. An engine runs a waiting prompt in its next step, so after
    /// a step without prefill (<paramref name="stepSeconds"/>) a prompt waits for the rest of it, half a step on average;
    /// after a step with prefill (<paramref name="promptStepSeconds"/>, the step and a lone prompt), which is followed by
    /// another with probability 1 - e^-(rate x that step), the prompts that arrived during the whole step go together.
    /// 1 + rate x ((1 - q) x step / 2 + q x prompt step), q = 1 - e^-(rate x prompt step): 1 as the rate tends to 0
    /// (each prompt alone), about rate x prompt step at high rates (prefill in every step).
    /// </summary>
    public static double PromptsPerStep(double arrivalRate, double stepSeconds, double promptStepSeconds)
    {
        double chained = 1.0 - KernelMath.Exp(-arrivalRate * promptStepSeconds);
        return 1.0 + (arrivalRate * (((1.0 - chained) * stepSeconds / 2.0) + (chained * promptStepSeconds)));
    }

    /// <summary>
    /// TTFT quantiles of a colocated instance (continuous batching, chunked prefill sharing each step with decode) at
    /// <paramref name="arrivalRate"/>; false (and infinite quantiles) when its slots saturate at that rate.
    /// A request's slot is held for its own prefill step and its decode steps, each step stretched by the prompts of the
    /// others (one per request in the instance, by Little's law): occupancy b = rate x (prompt step + steps x stepFixed)
    /// / (1 - rate x (prefill per prompt + steps x stepPerSequence)). Once it holds a slot it waits for the rest of the
    /// step in flight (<see cref="StepInFlightQuantile"/>: the instance is busy with probability 1 - e^-b, Poisson
    /// occupancy; a step is mixed for the share of time rate / prompts per step x its length), then its own mixed step.
    /// Requests wait for a slot only while all are taken, each then held for the full batch's lifetime.
    /// </summary>
    /// <param name="arrivalRate">Requests per second.</param>
    /// <param name="batch">Slots: the sequences the instance holds.</param>
    /// <param name="stepFixed">Seconds of a decode token step, the part independent of the batch.</param>
    /// <param name="stepPerSequence">Seconds a decode token step grows per sequence in the batch.</param>
    /// <param name="steps">Decode token steps per request (output tokens / tokens accepted per step).</param>
    /// <param name="prefillLatency">Seconds from the start of a request's prefill to its first token when it prefills alone.</param>
    /// <param name="promptStep">Seconds of the prefill part of a step carrying <paramref name="promptsPerStep"/> prompts.</param>
    /// <param name="loneStep">Seconds of the prefill part of a step carrying one prompt.</param>
    /// <param name="prefillPerPrompt">Instance seconds of prefill per request at this rate (<paramref name="promptStep"/> / prompts it serves).</param>
    /// <param name="promptsPerStep">Prompts a mixed step carries (<see cref="PromptsPerStep"/>).</param>
    /// <param name="p50">Median TTFT.</param>
    /// <param name="p90">P90 TTFT.</param>
    public static bool Colocated(
        double arrivalRate, double batch, double stepFixed, double stepPerSequence, double steps, double prefillLatency,
        double promptStep, double loneStep, double prefillPerPrompt, double promptsPerStep, out double p50, out double p90)
    {
        double fixedSeconds = promptStep + (steps * stepFixed);
        double perSequence = prefillPerPrompt + (steps * stepPerSequence);
        double b = Occupancy(arrivalRate, fixedSeconds, perSequence);
        double rho = b / batch;
        if (!(rho < 1))
        {
            p50 = p90 = double.PositiveInfinity;
            return false;
        }

        double busy = 1.0 - KernelMath.Exp(-b);
        double decodeStep = stepFixed + (stepPerSequence * b);
        double mixedShare = Math.Min(1.0, arrivalRate / promptsPerStep * (decodeStep + promptStep));
        double stepInFlight = decodeStep + (mixedShare * promptStep);
        double own = prefillLatency + (promptStep - loneStep) + (busy * decodeStep);

        // A request waits only while every slot is taken, and then each is held for the full batch's lifetime.
        double holding = fixedSeconds + (perSequence * batch);
        double busyRho = arrivalRate * holding / batch;
        p50 = own + StepInFlightQuantile(busy, stepInFlight, 0.5) + StationQuantile(busyRho, batch, holding, 0, 0.5);
        p90 = own + StepInFlightQuantile(busy, stepInFlight, 0.9) + StationQuantile(busyRho, batch, holding, 0, 0.9);
        return true;
    }

    /// <summary>
    /// TTFT quantiles of a disaggregated configuration at <paramref name="arrivalRate"/>: the prefill pool, then its own
    /// prefill and the KV transfer, then a decode slot (M/D/c over every instance's slots, fed from one queue; a slot is
    /// held for the request's decode steps). The pool's ranks step together (expert parallelism couples them) and a step
    /// takes every prompt waiting when it starts, so a prompt waits only for the step in flight
    /// (<see cref="StepInFlightQuantile"/>, busy the share rate x pool seconds per prompt).
    /// <see cref="SaturatedPool"/> code of the pool that saturates at this rate, else 0 (quantiles infinite when not 0).
    /// </summary>
    /// <param name="arrivalRate">Requests per second into the configuration.</param>
    /// <param name="instances">Identical decode instances.</param>
    /// <param name="batch">Slots per decode instance.</param>
    /// <param name="stepFixed">Seconds of a decode token step, the part independent of the batch.</param>
    /// <param name="stepPerSequence">Seconds a decode token step grows per sequence in the batch.</param>
    /// <param name="steps">Decode token steps per request.</param>
    /// <param name="firstToken">Seconds from the start of a prompt's prefill to its first token at the decode side (prefill and KV transfer).</param>
    /// <param name="prefillStep">Seconds of one prefill step of the pool at this rate.</param>
    /// <param name="prefillPerPrompt">Pool seconds per prompt at this rate.</param>
    /// <param name="p50">Median TTFT.</param>
    /// <param name="p90">P90 TTFT.</param>
    public static int Disaggregated(
        double arrivalRate, double instances, double batch, double stepFixed, double stepPerSequence, double steps,
        double firstToken, double prefillStep, double prefillPerPrompt, out double p50, out double p90)
    {
        p50 = p90 = double.PositiveInfinity;
        double prefillBusy = arrivalRate * prefillPerPrompt;
        if (!(prefillBusy < 1))
        {
            return (int)SaturatedPool.Prefill;
        }

        double perInstance = arrivalRate / instances;
        double b = Occupancy(perInstance, steps * stepFixed, steps * stepPerSequence);
        if (!(b < batch))
        {
            return (int)SaturatedPool.Decode;
        }

        // A request waits only while every slot is taken, and then each is held for the full batch's lifetime.
        double holding = steps * (stepFixed + (stepPerSequence * batch));
        double slots = instances * batch;
        double busyRho = arrivalRate * holding / slots;
        p50 = firstToken + StepInFlightQuantile(prefillBusy, prefillStep, 0.5) + StationQuantile(busyRho, slots, holding, 0, 0.5);
        p90 = firstToken + StepInFlightQuantile(prefillBusy, prefillStep, 0.9) + StationQuantile(busyRho, slots, holding, 0, 0.9);
        return 0;
    }

    /// <summary>
    /// The utilisation TTFT at load is computed at: <paramref name="load"/> when given, else an offered
    /// <paramref name="rate"/> (requests/s) over the configuration's capacity (1 or more: saturated); 0 when neither.
    /// </summary>
    public static double OfferedLoad(double load, double rate, double capacityRequestsPerSecond) =>
        rate > 0 ? rate / capacityRequestsPerSecond : load;

    /// <summary>
    /// Fills the offered load and the P50 and P90 TTFT at it; a <paramref name="saturated"/> pool code other than 0 flags
    /// the result saturated with an infinite TTFT (never a finite latency for a queue that grows without bound).
    /// </summary>
    public static void Fill(ref PackedResult r, double load, double p50, double p90, int saturated)
    {
        r.OfferedLoad = load;
        if (saturated != 0)
        {
            r.Saturated = saturated;
            p50 = p90 = double.PositiveInfinity;
        }

        r.TtftP50AtLoadSeconds = p50;
        r.TtftP90AtLoadSeconds = p90;
    }
}
