using TokenKernels.Physics;
using TokenKernels.Workloads;

namespace TokenKernels.Traffic;

/// <summary>
/// One serving replica under load, event by event, over fixed-size state: continuous batching with admission under the
/// batch limit and the paged KV cache (the actual tokens in flight), chunked prefill sharing each step with decode
/// (colocated) or a prefill pool of parallel servers, the KV transfer and a decode pool (disaggregated), preemption by
/// recompute when KV runs out, and MTP (the mean accepted tokens per step). Between two events the batch is fixed, so
/// all the decode steps between them are advanced at once (<see cref="DecodeSpan"/>). Step times come only from
/// <c>Physics/</c>. Kernel-safe: no allocation, exceptions or virtual calls; the managed path and the kernels run this code.
/// </summary>
/// <remarks>
/// State (doubles): batch slots x <see cref="SlotFields"/> (request id or -1, generated tokens, prefill tokens left,
/// tokens prefilled in this pass, prompt tokens already cached, 0), a ring of preempted requests (batch limit x 2: id,
/// generated), and the prefill servers' free times. Records (per request, <see cref="RecordFields"/>): arrival, first
/// token, done, input and output tokens.
/// </remarks>
internal static class ReplicaSimulation
{
    public const int RecordFields = 5;
    public const int SlotFields = 6;

    private const int ClosedLoop = 2;
    private const int Trace = 3;

    /// <summary>Doubles of state one replica needs.</summary>
    public static int StateSize(int batchLimit, int prefillServers) => (8 * batchLimit) + Math.Max(1, prefillServers);

    /// <summary>Runs the replica to the completion of every request (or a failure) and returns its summary.</summary>
    public static ReplicaSummary Run<TMem>(ref TMem mem, in ReplicaConfig c, in ReplicaLoad load)
        where TMem : struct, ITrafficMemory
    {
        var sim = default(ReplicaSummary);
        int slots = c.BatchLimit;
        long n = load.Requests;
        bool disaggregated = c.Deployment.Disaggregated != 0;
        double accept = c.Deployment.MtpAcceptanceLength;
        int ringBase = SlotFields * slots;
        int serverBase = 8 * slots;
        for (int i = 0; i < slots; i++)
        {
            mem.SetState(i * SlotFields, -1);
        }

        for (int i = 0; i < c.PrefillServers; i++)
        {
            mem.SetState(serverBase + i, 0);
        }

        int running = 0, prefilling = 0, ringHead = 0, ringCount = 0;
        long pushed = 0, admitted = 0, completed = 0;
        double t = 0, contextSum = 0, kvUsed = 0;
        double nextArrival = double.PositiveInfinity;
        if (load.ArrivalKind == ClosedLoop)
        {
            for (; pushed < Math.Min(n, load.Concurrency); pushed++)
            {
                Push(ref mem, c, load, pushed, 0, serverBase);
            }
        }
        else if (n > 0)
        {
            nextArrival = ArrivalAfter(mem, load, 0, 0);
        }

        long maxEvents = (64 * n) + 10_000;
        while (completed < n)
        {
            if (++sim.Events > maxEvents)
            {
                sim.Failure = 2;
                break;
            }

            while (pushed < n && nextArrival <= t)
            {
                Push(ref mem, c, load, pushed, nextArrival, serverBase);
                sim.InSystemSeconds += t - nextArrival;
                pushed++;
                nextArrival = pushed < n ? ArrivalAfter(mem, load, pushed, nextArrival) : double.PositiveInfinity;
            }

            // Admission: preempted requests first, then arrivals in order, while a slot and their KV are free.
            while (running + prefilling < slots)
            {
                long id;
                double generated = 0;
                bool recompute = ringCount > 0;
                if (recompute)
                {
                    id = (long)mem.State(ringBase + (2 * ringHead));
                    generated = mem.State(ringBase + (2 * ringHead) + 1);
                }
                else if (admitted < pushed && (!disaggregated || mem.Record((int)(admitted * RecordFields) + 1) <= t))
                {
                    id = admitted;
                    generated = disaggregated ? 1 : 0;
                }
                else
                {
                    break;
                }

                int r = (int)(id * RecordFields);
                double input = mem.Record(r + 3);
                if (kvUsed + input + generated > c.KvCapacityTokens)
                {
                    break;
                }

                int slot = 0;
                while (mem.State(slot * SlotFields) >= 0)
                {
                    slot++;
                }

                if (recompute)
                {
                    ringHead = (ringHead + 1) % slots;
                    ringCount--;
                }
                else
                {
                    admitted++;
                }

                int s = slot * SlotFields;
                kvUsed += input + generated;
                mem.SetState(s, id);
                mem.SetState(s + 1, generated);
                mem.SetState(s + 3, 0);
                if (disaggregated && !recompute)
                {
                    // The prefill pool already produced the first token; the sequence decodes from here.
                    mem.SetState(s + 2, 0);
                    mem.SetState(s + 4, 0);
                    running++;
                    contextSum += input + generated;
                    if (generated >= mem.Record(r + 4))
                    {
                        Complete(ref mem, c, load, slot, t, ref running, ref contextSum, ref kvUsed, ref completed, ref pushed, serverBase);
                    }
                }
                else
                {
                    double fresh = recompute ? input + generated : FreshTokens(input, load.PrefixCacheHit);
                    mem.SetState(s + 2, fresh);
                    mem.SetState(s + 4, recompute ? 0 : input - fresh);
                    prefilling++;
                }
            }

            if (running == 0 && prefilling == 0)
            {
                // Idle: jump to the next arrival, or to the moment the queue's head is ready for decode.
                double wake = nextArrival;
                if (admitted < pushed || ringCount > 0)
                {
                    double ready = ringCount == 0 && disaggregated ? mem.Record((int)(admitted * RecordFields) + 1) : t;
                    if (ready <= t)
                    {
                        sim.Failure = 1; // an empty replica cannot admit the head: its KV never fits
                        break;
                    }

                    wake = Math.Min(wake, ready);
                }

                if (!(wake < double.PositiveInfinity))
                {
                    break;
                }

                sim.InSystemSeconds += (pushed - completed) * (wake - t);
                t = wake;
                continue;
            }

            double dt;
            if (prefilling > 0)
            {
                dt = MixedStep(ref mem, c, load, t, ref running, ref prefilling, ref contextSum, ref kvUsed, ref completed, ref pushed, serverBase, ref sim);
            }
            else
            {
                // Decode only: the batch is fixed until the first completion, the KV cache filling up, or (with a slot
                // free) the next request able to join.
                double headroom = c.KvCapacityTokens - kvUsed;
                double growth = accept * running;
                double byKv = Math.Floor(headroom / growth);
                if (byKv < 1)
                {
                    Preempt(ref mem, slots, ringBase, ref ringHead, ref ringCount, ref running, ref contextSum, ref kvUsed, ref sim);
                    continue;
                }

                double steps = byKv;
                for (int i = 0; i < slots; i++)
                {
                    int s = i * SlotFields;
                    if (mem.State(s) >= 0)
                    {
                        double left = mem.Record((int)(mem.State(s) * RecordFields) + 4) - mem.State(s + 1);
                        steps = Math.Min(steps, Math.Max(1, Math.Ceiling((left / accept) - 1e-9)));
                    }
                }

                double batch = running / c.DecodeInstances;
                double mean = contextSum / running;
                double wake = nextArrival;
                if (disaggregated && admitted < pushed)
                {
                    wake = Math.Min(wake, mem.Record((int)(admitted * RecordFields) + 1));
                }

                if (running < slots && wake > t && wake < double.PositiveInfinity)
                {
                    double gap = wake - t;
                    double first = DecodeSpan.Seconds(c.Prep, c.Model, c.Deployment, batch, mean, accept, 1);
                    double byArrival = Math.Max(1, Math.Ceiling(gap / first));
                    if (byArrival < steps)
                    {
                        // Steps lengthen as contexts grow: refine once with the span's mean step so the batch does not run far past the arrival.
                        double refined = Math.Max(1, Math.Ceiling(gap / (DecodeSpan.Seconds(c.Prep, c.Model, c.Deployment, batch, mean, accept, byArrival) / byArrival)));
                        steps = refined < byArrival && DecodeSpan.Seconds(c.Prep, c.Model, c.Deployment, batch, mean, accept, refined) >= gap ? refined : byArrival;
                    }
                }

                dt = DecodeSpan.Seconds(c.Prep, c.Model, c.Deployment, batch, mean, accept, steps);
                sim.InSystemSeconds += (pushed - completed) * dt;
                sim.KvTokenSeconds += (kvUsed + (growth * steps / 2)) * dt;
                sim.DecodeSteps += steps;
                t += dt;
                double add = steps * accept;
                contextSum += add * running;
                kvUsed += add * running;
                for (int i = 0; i < slots; i++)
                {
                    int s = i * SlotFields;
                    if (mem.State(s) >= 0)
                    {
                        double generated = mem.State(s + 1) + add;
                        mem.SetState(s + 1, generated);
                        if (generated >= mem.Record((int)(mem.State(s) * RecordFields) + 4) - 1e-9)
                        {
                            Complete(ref mem, c, load, i, t, ref running, ref contextSum, ref kvUsed, ref completed, ref pushed, serverBase);
                        }
                    }
                }

                continue;
            }

            t += dt;
            while (kvUsed > c.KvCapacityTokens && running > 0)
            {
                Preempt(ref mem, slots, ringBase, ref ringHead, ref ringCount, ref running, ref contextSum, ref kvUsed, ref sim);
            }
        }

        sim.EndSeconds = t;
        sim.Completed = completed;
        return sim;
    }

    /// <summary>Prompt tokens a request prefills after prefix-cache hits: max(1, input - input x hit), as <see cref="ServingModel.PrepareLoad"/>.</summary>
    public static double FreshTokens(double input, double prefixCacheHit) => Math.Max(1.0, input - (input * prefixCacheHit));

    // One colocated step: a prefill chunk (up to the budget, prompts in slot order) plus one decode step of the running batch.
    private static double MixedStep<TMem>(
        ref TMem mem, in ReplicaConfig c, in ReplicaLoad load, double t, ref int running, ref int prefilling, ref double contextSum,
        ref double kvUsed, ref long completed, ref long pushed, int serverBase, ref ReplicaSummary sim)
        where TMem : struct, ITrafficMemory
    {
        int slots = c.BatchLimit;
        double budget = c.PrefillBudgetTokens, tokens = 0, prompts = 0, largest = 0, weightedContext = 0;
        for (int i = 0; i < slots && budget > 0; i++)
        {
            int s = i * SlotFields;
            double left = mem.State(s) >= 0 ? mem.State(s + 2) : 0;
            if (left > 0)
            {
                double part = Math.Min(left, budget);
                budget -= part;
                tokens += part;
                prompts++;
                largest = Math.Max(largest, part);
                weightedContext += part * (mem.State(s + 4) + mem.State(s + 3) + (part / 2));
            }
        }

        // A prompt sits on one dp rank; many prompts spread over the ranks.
        double ranks = c.Prep.Prefill.Dp;
        double prefillSeconds = DecodeSpan.PrefillStepSeconds(c.Prep, c.Model, Math.Max(tokens / ranks, largest), Math.Max(1, prompts / ranks), weightedContext / tokens, tokens);
        double accept = c.Deployment.MtpAcceptanceLength;
        double decodeSeconds = running > 0 ? DecodeSpan.Seconds(c.Prep, c.Model, c.Deployment, running / c.DecodeInstances, contextSum / running, accept, 1) : 0;
        double dt = prefillSeconds + decodeSeconds;
        sim.InSystemSeconds += (pushed - completed) * dt;
        sim.KvTokenSeconds += kvUsed * dt;
        double now = t + dt;
        if (running > 0)
        {
            sim.DecodeSteps += 1;
            contextSum += accept * running;
            kvUsed += accept * running;
            for (int i = 0; i < slots; i++)
            {
                int s = i * SlotFields;
                if (mem.State(s) >= 0 && mem.State(s + 2) <= 0)
                {
                    double generated = mem.State(s + 1) + accept;
                    mem.SetState(s + 1, generated);
                    if (generated >= mem.Record((int)(mem.State(s) * RecordFields) + 4) - 1e-9)
                    {
                        Complete(ref mem, c, load, i, now, ref running, ref contextSum, ref kvUsed, ref completed, ref pushed, serverBase);
                    }
                }
            }
        }

        budget = c.PrefillBudgetTokens;
        for (int i = 0; i < slots && budget > 0; i++)
        {
            int s = i * SlotFields;
            double left = mem.State(s) >= 0 ? mem.State(s + 2) : 0;
            if (left <= 0)
            {
                continue;
            }

            double part = Math.Min(left, budget);
            budget -= part;
            mem.SetState(s + 2, left - part);
            mem.SetState(s + 3, mem.State(s + 3) + part);
            if (left - part > 0)
            {
                continue;
            }

            // Prompt done: the step emits the first token (a recomputed request already had it).
            int r = (int)(mem.State(s) * RecordFields);
            double input = mem.Record(r + 3);
            double generated = mem.State(s + 1);
            if (generated <= 0)
            {
                generated = 1;
                kvUsed += 1;
                mem.SetState(s + 1, generated);
                mem.SetRecord(r + 1, now + ((c.Prep.Prefill.Pp - 1) * prefillSeconds));
            }

            prefilling--;
            running++;
            contextSum += input + generated;
            if (generated >= mem.Record(r + 4))
            {
                Complete(ref mem, c, load, i, now, ref running, ref contextSum, ref kvUsed, ref completed, ref pushed, serverBase);
            }
        }

        return dt;
    }

    // Records request slot's completion, frees its KV and slot; a closed loop sends the next request at once.
    private static void Complete<TMem>(
        ref TMem mem, in ReplicaConfig c, in ReplicaLoad load, int slot, double t, ref int running, ref double contextSum,
        ref double kvUsed, ref long completed, ref long pushed, int serverBase)
        where TMem : struct, ITrafficMemory
    {
        int s = slot * SlotFields;
        int r = (int)(mem.State(s) * RecordFields);
        double held = mem.Record(r + 3) + mem.State(s + 1);
        mem.SetRecord(r + 2, t);
        mem.SetState(s, -1);
        running--;
        contextSum -= held;
        kvUsed -= held;
        completed++;
        if (load.ArrivalKind == ClosedLoop && pushed < load.Requests)
        {
            Push(ref mem, c, load, pushed, t, serverBase);
            pushed++;
        }
    }

    // The running request that arrived last goes back to the head of the queue; it will prefill its prompt and the tokens it had again.
    private static void Preempt<TMem>(
        ref TMem mem, int slots, int ringBase, ref int ringHead, ref int ringCount, ref int running,
        ref double contextSum, ref double kvUsed, ref ReplicaSummary sim)
        where TMem : struct, ITrafficMemory
    {
        int victim = -1;
        double newest = -1;
        for (int i = 0; i < slots; i++)
        {
            int s = i * SlotFields;
            if (mem.State(s) > newest && mem.State(s + 2) <= 0)
            {
                newest = mem.State(s);
                victim = i;
            }
        }

        int v = victim * SlotFields;
        double generated = mem.State(v + 1);
        double held = mem.Record((int)(newest * RecordFields) + 3) + generated;
        int tail = (ringHead + ringCount) % slots;
        mem.SetState(ringBase + (2 * tail), newest);
        mem.SetState(ringBase + (2 * tail) + 1, generated);
        ringCount++;
        mem.SetState(v, -1);
        running--;
        contextSum -= held;
        kvUsed -= held;
        sim.Preemptions++;
    }

    // A request arrives: draw its lengths; disaggregated, its prompt goes to the prefill server free first, then over the network.
    private static void Push<TMem>(ref TMem mem, in ReplicaConfig c, in ReplicaLoad load, long id, double arrival, int serverBase)
        where TMem : struct, ITrafficMemory
    {
        LengthSampler.Sample(mem, load.Lengths, load.Seed, 2 * load.Stream, id, out double input, out double output);
        int r = (int)(id * RecordFields);
        mem.SetRecord(r, arrival);
        mem.SetRecord(r + 1, -1);
        mem.SetRecord(r + 2, -1);
        mem.SetRecord(r + 3, input);
        mem.SetRecord(r + 4, output);
        if (c.Deployment.Disaggregated == 0)
        {
            return;
        }

        int best = 0;
        for (int i = 1; i < c.PrefillServers; i++)
        {
            if (mem.State(serverBase + i) < mem.State(serverBase + best))
            {
                best = i;
            }
        }

        var d = c.Deployment;
        d.InputTokens = input;
        d.OutputTokens = output;
        d.PrefixCacheHit = load.PrefixCacheHit;
        var prepared = ServingModel.PrepareLoad(c.Prep, c.Model, d);
        double done = Math.Max(mem.State(serverBase + best), arrival) + prepared.PrefillServiceSeconds;
        mem.SetState(serverBase + best, done);
        mem.SetRecord(r + 1, done + (input * c.Prep.KvTransferSecondsPerToken));
    }

    // Arrival time of request id, the one before it having arrived at previous.
    private static double ArrivalAfter<TMem>(in TMem mem, in ReplicaLoad load, long id, double previous)
        where TMem : struct, ITrafficMemory
    {
        if (load.ArrivalKind == Trace)
        {
            return mem.Table(load.TraceOffset + (int)(id % load.TraceCount));
        }

        return previous + (SamplingMath.GammaMeanOne(load.GammaShape, load.Seed, (2 * load.Stream) + 1, (ulong)id * 512) / load.RatePerSecond);
    }
}
