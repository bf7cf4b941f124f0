using System.Runtime.CompilerServices;
using TokenKernels.Physics;
using TokenKernels.Workloads;

namespace TokenKernels.Traffic;

/// <summary>
/// One serving replica under load, event by event, over fixed-size state: continuous batching with admission under the
/// batch limit and the paged KV cache (the actual tokens in flight), chunked prefill sharing each step with decode
/// (colocated) or a prefill pool of parallel servers, the KV transfer and a decode pool (disaggregated), preemption by
/// recompute when KV runs out, and MTP drafts accepted at random per step (<see cref="DraftSteps"/>). Between two events
/// the batch is fixed, so all the decode steps between them are advanced at once (<see cref="DecodeSpan"/>). Step times
/// come only from <c>Physics/</c>. Kernel-safe: no allocation, exceptions or virtual calls; the managed path and the
/// kernels run this code.
/// </summary>
/// <remarks>
/// Every running sequence takes one step per step, so the loop keeps one counter of decode steps (<c>progress</c>) and
/// each running sequence the counter value at which it is done, drawn when it starts decoding (the steps its remaining
/// tokens need at random MTP acceptance), in a min-heap: the next completion is the heap's top and an event costs
/// O(log batch), not a scan of the batch. Between its start and its last step a sequence's tokens are counted at its own
/// average rate (remaining tokens / steps), which is what the KV cache and the step's context see. Prompts prefill in
/// admission order (a FIFO ring of slots); free slots are a stack. Disaggregated, the prefill pool packs the prompts
/// waiting (in arrival order) into steps of up to its token budget (chunk x its dp ranks), as a colocated step does.
/// State (doubles): batch slots x <see cref="SlotFields"/> (request id or -1, tokens generated before this prefill, prefill
/// tokens left, tokens prefilled in this pass, prompt tokens already cached, progress at which it is done, heap
/// position, tokens per step), the completion heap, the free-slot stack and the prefill ring (batch limit each), and a
/// ring of preempted requests (batch limit x 2: id, generated). Records (per request, <see cref="RecordFields"/>):
/// arrival, first token, done, input and output tokens.
/// </remarks>
internal static class ReplicaSimulation
{
    public const int RecordFields = 5;
    public const int SlotFields = 8;

    private const int ClosedLoop = 2;
    private const int Trace = 3;

    // Tokens within this of a sequence's output count as all of it (fractional rates accumulate rounding).
    private const double Tolerance = 1e-9;

    /// <summary>Doubles of state one replica needs.</summary>
    public static int StateSize(int batchLimit) => (SlotFields + 5) * batchLimit;

    /// <summary>Runs the replica to the completion of every request (or a failure) and returns its summary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a handful of calls run the whole loop: compile it fully at once, not on-stack-replaced
    public static ReplicaSummary Run<TMem>(ref TMem mem, in ReplicaConfig c, in ReplicaLoad load)
        where TMem : struct, ITrafficMemory
    {
        var sim = default(ReplicaSummary);
        var q = default(Queues);
        int slots = c.BatchLimit;
        q.Slots = slots;
        q.HeapBase = SlotFields * slots;
        q.FreeBase = q.HeapBase + slots;
        q.PrefillBase = q.FreeBase + slots;
        q.RingBase = q.PrefillBase + slots;
        long n = load.Requests;
        bool disaggregated = c.Deployment.Disaggregated != 0;
        for (int i = 0; i < slots; i++)
        {
            mem.SetState(i * SlotFields, -1);
            mem.SetState(q.FreeBase + i, slots - 1 - i); // the lowest slot on top
        }

        q.Free = slots;
        double t = 0;
        double nextArrival = double.PositiveInfinity;
        if (load.ArrivalKind == ClosedLoop)
        {
            for (; q.Pushed < Math.Min(n, load.Concurrency); q.Pushed++)
            {
                Push(ref mem, load, q.Pushed, 0);
            }
        }
        else if (n > 0)
        {
            nextArrival = ArrivalAfter(mem, load, 0, 0);
        }

        long maxEvents = (64 * n) + 10_000;
        while (q.Completed < n)
        {
            if (++sim.Events > maxEvents)
            {
                sim.Failure = 2;
                break;
            }

            while (q.Pushed < n && nextArrival <= t)
            {
                Push(ref mem, load, q.Pushed, nextArrival);
                sim.InSystemSeconds += t - nextArrival;
                q.Pushed++;
                nextArrival = q.Pushed < n ? ArrivalAfter(mem, load, q.Pushed, nextArrival) : double.PositiveInfinity;
            }

            if (disaggregated)
            {
                AdvancePool(ref mem, c, load, ref q, t);
            }

            // Admission: preempted requests first, then arrivals in order, while a slot and their KV are free.
            while (q.Free > 0)
            {
                long id;
                double generated = 0;
                bool recompute = q.RingCount > 0;
                if (recompute)
                {
                    id = (long)mem.State(q.RingBase + (2 * q.RingHead));
                    generated = mem.State(q.RingBase + (2 * q.RingHead) + 1);
                }
                else if (q.Admitted < q.Pushed && (!disaggregated || (q.Admitted < q.PoolHead && mem.Record((int)(q.Admitted * RecordFields) + 1) <= t)))
                {
                    id = q.Admitted;
                    generated = disaggregated ? 1 : 0;
                }
                else
                {
                    break;
                }

                int r = (int)(id * RecordFields);
                double input = mem.Record(r + 3);
                if (q.KvUsed + input + generated > c.KvCapacityTokens)
                {
                    break;
                }

                int slot = (int)mem.State(q.FreeBase + --q.Free);
                if (recompute)
                {
                    q.RingHead = (q.RingHead + 1) % slots;
                    q.RingCount--;
                }
                else
                {
                    q.Admitted++;
                }

                int s = slot * SlotFields;
                q.KvUsed += input + generated;
                mem.SetState(s, id);
                mem.SetState(s + 1, generated);
                mem.SetState(s + 3, 0);
                if (disaggregated && !recompute)
                {
                    // The prefill pool already produced the first token; the sequence decodes from here.
                    mem.SetState(s + 2, 0);
                    mem.SetState(s + 4, 0);
                    StartDecode(ref mem, c, load, ref q, slot, input, generated, mem.Record(r + 4), t);
                }
                else
                {
                    double fresh = recompute ? input + generated : FreshTokens(input, load.PrefixCacheHit);
                    mem.SetState(s + 2, fresh);
                    mem.SetState(s + 4, recompute ? 0 : input - fresh);
                    mem.SetState(q.PrefillBase + ((q.PrefillHead + q.Prefilling) % slots), slot);
                    q.Prefilling++;
                }
            }

            if (q.Running == 0 && q.Prefilling == 0)
            {
                // Idle: jump to the next arrival, or to the moment the queue's head is ready for decode.
                double wake = nextArrival;
                if (q.Admitted < q.Pushed || q.RingCount > 0)
                {
                    double ready = q.RingCount == 0 && disaggregated ? NextReady(mem, q) : t;
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

                sim.InSystemSeconds += (q.Pushed - q.Completed) * (wake - t);
                t = wake;
                continue;
            }

            double dt;
            if (q.Prefilling > 0)
            {
                dt = MixedStep(ref mem, c, load, t, ref q, ref sim);
            }
            else
            {
                // Decode only: the batch is fixed until the first completion, the KV cache filling up, or (with a slot
                // free) the next request able to join.
                double headroom = c.KvCapacityTokens - q.KvUsed;
                double growth = q.GrowthRate;
                double byKv = Math.Floor(headroom / growth);
                if (byKv < 1)
                {
                    Preempt(ref mem, ref q, ref sim);
                    continue;
                }

                double left = mem.State((SlotFields * (int)mem.State(q.HeapBase)) + 5) - q.Progress;
                double steps = Math.Min(byKv, Math.Max(1, left));
                double batch = q.Running / c.DecodeInstances;
                double mean = q.ContextSum / q.Running;
                double accept = growth / q.Running; // context tokens a sequence gains per step, on average over the batch
                double wake = nextArrival;
                if (disaggregated && q.Admitted < q.Pushed)
                {
                    wake = Math.Min(wake, NextReady(mem, q));
                }

                dt = -1; // the span's seconds once known
                if (q.Free > 0 && wake > t && wake < double.PositiveInfinity)
                {
                    double gap = wake - t;
                    double first = DecodeSpan.Seconds(c.Prep, c.Model, c.Deployment, batch, mean, accept, 1);
                    double byArrival = Math.Max(1, Math.Ceiling(gap / first));
                    if (byArrival < steps)
                    {
                        // Steps lengthen as contexts grow: refine once with the span's mean step so the batch does not run far past the arrival.
                        double spanByArrival = DecodeSpan.Seconds(c.Prep, c.Model, c.Deployment, batch, mean, accept, byArrival);
                        double refined = Math.Max(1, Math.Ceiling(gap / (spanByArrival / byArrival)));
                        double spanRefined = refined < byArrival ? DecodeSpan.Seconds(c.Prep, c.Model, c.Deployment, batch, mean, accept, refined) : -1;
                        steps = spanRefined >= gap ? refined : byArrival;
                        dt = spanRefined >= gap ? spanRefined : spanByArrival;
                    }
                    else if (steps <= 1)
                    {
                        dt = first;
                    }
                }

                if (dt < 0)
                {
                    dt = DecodeSpan.Seconds(c.Prep, c.Model, c.Deployment, batch, mean, accept, steps);
                }
                sim.InSystemSeconds += (q.Pushed - q.Completed) * dt;
                sim.KvTokenSeconds += (q.KvUsed + (growth * steps / 2)) * dt;
                sim.DecodeSteps += steps;
                t += dt;
                Decode(ref mem, c, load, ref q, steps, t);
                continue;
            }

            t += dt;
            while (q.KvUsed > c.KvCapacityTokens && q.Running > 0)
            {
                Preempt(ref mem, ref q, ref sim);
            }
        }

        sim.EndSeconds = t;
        sim.Completed = q.Completed;
        return sim;
    }

    /// <summary>Prompt tokens a request prefills after prefix-cache hits: max(1, input - input x hit), as <see cref="ServingModel.PrepareLoad"/>.</summary>
    public static double FreshTokens(double input, double prefixCacheHit) => Math.Max(1.0, input - (input * prefixCacheHit));

    // One colocated step: a prefill chunk (up to the budget, prompts in admission order) plus one decode step of the running batch.
    private static double MixedStep<TMem>(ref TMem mem, in ReplicaConfig c, in ReplicaLoad load, double t, ref Queues q, ref ReplicaSummary sim)
        where TMem : struct, ITrafficMemory
    {
        int slots = c.BatchLimit;
        double budget = c.PrefillBudgetTokens, tokens = 0, prompts = 0, largest = 0, weightedContext = 0;
        for (int k = 0; k < q.Prefilling && budget > 0; k++)
        {
            int s = SlotFields * (int)mem.State(q.PrefillBase + ((q.PrefillHead + k) % slots));
            double part = Math.Min(mem.State(s + 2), budget);
            budget -= part;
            tokens += part;
            prompts++;
            largest = Math.Max(largest, part);
            weightedContext += part * (mem.State(s + 4) + mem.State(s + 3) + (part / 2));
        }

        double prefillSeconds = PrefillSeconds(c, tokens, prompts, largest, weightedContext);
        double decodeSeconds = q.Running > 0 ? DecodeSpan.Seconds(c.Prep, c.Model, c.Deployment, q.Running / c.DecodeInstances, q.ContextSum / q.Running, q.GrowthRate / q.Running, 1) : 0;
        double dt = prefillSeconds + decodeSeconds;
        sim.InSystemSeconds += (q.Pushed - q.Completed) * dt;
        sim.KvTokenSeconds += q.KvUsed * dt;
        double now = t + dt;
        if (q.Running > 0)
        {
            sim.DecodeSteps += 1;
            Decode(ref mem, c, load, ref q, 1, now);
        }

        // The budget went to a prefix of the ring: those it finishes leave it, the last one served may stay with tokens left.
        budget = c.PrefillBudgetTokens;
        while (budget > 0 && q.Prefilling > 0)
        {
            int slot = (int)mem.State(q.PrefillBase + q.PrefillHead);
            int s = slot * SlotFields;
            double left = mem.State(s + 2);
            double part = Math.Min(left, budget);
            budget -= part;
            mem.SetState(s + 2, left - part);
            mem.SetState(s + 3, mem.State(s + 3) + part);
            if (left - part > 0)
            {
                break;
            }

            q.PrefillHead = (q.PrefillHead + 1) % slots;
            q.Prefilling--;

            // Prompt done: the step emits the first token (a recomputed request already had it).
            int r = (int)(mem.State(s) * RecordFields);
            double generated = mem.State(s + 1);
            if (generated <= 0)
            {
                generated = 1;
                q.KvUsed += 1;
                mem.SetState(s + 1, generated);
                mem.SetRecord(r + 1, now + ((c.Prep.Prefill.Pp - 1) * prefillSeconds));
            }

            StartDecode(ref mem, c, load, ref q, slot, mem.Record(r + 3), generated, mem.Record(r + 4), now);
        }

        return dt;
    }

    // Slot joins the running batch with generated of its output tokens; done at once when it has them all.
    private static void StartDecode<TMem>(
        ref TMem mem, in ReplicaConfig c, in ReplicaLoad load, ref Queues q, int slot, double input, double generated, double output, double t)
        where TMem : struct, ITrafficMemory
    {
        q.Running++;
        q.ContextSum += input + generated;
        int s = slot * SlotFields;
        double left = output - generated;
        if (left <= Tolerance)
        {
            mem.SetState(s + 5, q.Progress);
            mem.SetState(s + 7, 0);
            Complete(ref mem, c, load, ref q, slot, t);
            return;
        }

        // The steps its tokens need at random acceptance, keyed by request and tokens left (a recomputed request draws again).
        double tokens = Math.Ceiling(left - Tolerance);
        ulong id = (ulong)mem.State(s);
        ulong counter = (1UL << 63) | (id << 32) | (((ulong)tokens & 0xFFFFF) << 12);
        double steps = DraftSteps.Steps(tokens, c.PerDraft, (int)c.Deployment.MtpDraftTokens, c.Deployment.MtpAcceptanceLength, c.StepTokensVariance, load.Seed, 2 * load.Stream, counter);
        double rate = left / steps;
        mem.SetState(s + 5, q.Progress + steps);
        mem.SetState(s + 7, rate);
        q.GrowthRate += rate;
        int i = q.Running - 1;
        mem.SetState(q.HeapBase + i, slot);
        mem.SetState((slot * SlotFields) + 6, i);
        SiftUp(ref mem, q, i);
    }

    // The running batch takes steps more steps (each sequence its tokens per step); those whose steps are done complete at t.
    private static void Decode<TMem>(ref TMem mem, in ReplicaConfig c, in ReplicaLoad load, ref Queues q, double steps, double t)
        where TMem : struct, ITrafficMemory
    {
        double add = q.GrowthRate * steps;
        q.ContextSum += add;
        q.KvUsed += add;
        q.Progress += steps;
        while (q.Running > 0)
        {
            int slot = (int)mem.State(q.HeapBase);
            if (mem.State((slot * SlotFields) + 5) > q.Progress + 0.5)
            {
                break;
            }

            RemoveFromHeap(ref mem, ref q, 0);
            Complete(ref mem, c, load, ref q, slot, t);
        }
    }

    // Records the completion of the request in slot (no longer in the heap), frees its KV and slot; a closed loop sends the next request at once.
    private static void Complete<TMem>(ref TMem mem, in ReplicaConfig c, in ReplicaLoad load, ref Queues q, int slot, double t)
        where TMem : struct, ITrafficMemory
    {
        int s = slot * SlotFields;
        int r = (int)(mem.State(s) * RecordFields);
        double held = mem.Record(r + 3) + Generated(mem, q, s, r);
        mem.SetRecord(r + 2, t);
        mem.SetState(s, -1);
        mem.SetState(q.FreeBase + q.Free++, slot);
        q.Running--;
        q.GrowthRate = q.Running > 0 ? q.GrowthRate - mem.State(s + 7) : 0;
        q.ContextSum -= held;
        q.KvUsed -= held;
        q.Completed++;
        if (load.ArrivalKind == ClosedLoop && q.Pushed < load.Requests)
        {
            Push(ref mem, load, q.Pushed, t);
            q.Pushed++;
        }
    }

    // The running request that arrived last goes back to the head of the queue; it will prefill its prompt and the tokens it had again.
    private static void Preempt<TMem>(ref TMem mem, ref Queues q, ref ReplicaSummary sim)
        where TMem : struct, ITrafficMemory
    {
        int at = 0;
        double newest = -1;
        for (int i = 0; i < q.Running; i++)
        {
            double id = mem.State(SlotFields * (int)mem.State(q.HeapBase + i));
            if (id > newest)
            {
                newest = id;
                at = i;
            }
        }

        int victim = (int)mem.State(q.HeapBase + at);
        int v = victim * SlotFields;
        int r = (int)(newest * RecordFields);
        double generated = Generated(mem, q, v, r);
        double held = mem.Record(r + 3) + generated;
        RemoveFromHeap(ref mem, ref q, at);
        int tail = (q.RingHead + q.RingCount) % q.Slots;
        mem.SetState(q.RingBase + (2 * tail), newest);
        mem.SetState(q.RingBase + (2 * tail) + 1, generated);
        q.RingCount++;
        mem.SetState(v, -1);
        mem.SetState(q.FreeBase + q.Free++, victim);
        q.Running--;
        q.GrowthRate = q.Running > 0 ? q.GrowthRate - mem.State(v + 7) : 0;
        q.ContextSum -= held;
        q.KvUsed -= held;
        sim.Preemptions++;
    }

    // Output tokens a running sequence (slot fields at s, record at r) holds: its output less its steps left at its rate.
    private static double Generated<TMem>(in TMem mem, in Queues q, int s, int r)
        where TMem : struct, ITrafficMemory => mem.Record(r + 4) - (mem.State(s + 7) * (mem.State(s + 5) - q.Progress));

    // Removes heap entry i (the heap holds q.Running entries; the caller decrements q.Running afterwards).
    private static void RemoveFromHeap<TMem>(ref TMem mem, ref Queues q, int i)
        where TMem : struct, ITrafficMemory
    {
        int last = q.Running - 1;
        if (i == last)
        {
            return;
        }

        int moved = (int)mem.State(q.HeapBase + last);
        mem.SetState(q.HeapBase + i, moved);
        mem.SetState((moved * SlotFields) + 6, i);
        q.Running--; // sift within the entries that remain
        SiftDown(ref mem, q, i);
        SiftUp(ref mem, q, (int)mem.State((moved * SlotFields) + 6));
        q.Running++;
    }

    private static double Key<TMem>(in TMem mem, in Queues q, int i)
        where TMem : struct, ITrafficMemory => mem.State((SlotFields * (int)mem.State(q.HeapBase + i)) + 5);

    private static void Swap<TMem>(ref TMem mem, in Queues q, int i, int j)
        where TMem : struct, ITrafficMemory
    {
        double a = mem.State(q.HeapBase + i), b = mem.State(q.HeapBase + j);
        mem.SetState(q.HeapBase + i, b);
        mem.SetState(q.HeapBase + j, a);
        mem.SetState((SlotFields * (int)b) + 6, i);
        mem.SetState((SlotFields * (int)a) + 6, j);
    }

    private static void SiftUp<TMem>(ref TMem mem, in Queues q, int i)
        where TMem : struct, ITrafficMemory
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!(Key(mem, q, i) < Key(mem, q, parent)))
            {
                return;
            }

            Swap(ref mem, q, i, parent);
            i = parent;
        }
    }

    private static void SiftDown<TMem>(ref TMem mem, in Queues q, int i)
        where TMem : struct, ITrafficMemory
    {
        while (true)
        {
            int smallest = i, left = (2 * i) + 1, right = left + 1;
            if (left < q.Running && Key(mem, q, left) < Key(mem, q, smallest))
            {
                smallest = left;
            }

            if (right < q.Running && Key(mem, q, right) < Key(mem, q, smallest))
            {
                smallest = right;
            }

            if (smallest == i)
            {
                return;
            }

            Swap(ref mem, q, i, smallest);
            i = smallest;
        }
    }

    // A request arrives: draw its lengths (disaggregated, its prompt joins the prefill pool's queue).
    private static void Push<TMem>(ref TMem mem, in ReplicaLoad load, long id, double arrival)
        where TMem : struct, ITrafficMemory
    {
        LengthSampler.Sample(mem, load.Lengths, load.Seed, 2 * load.Stream, id, out double input, out double output);
        int r = (int)(id * RecordFields);
        mem.SetRecord(r, arrival);
        mem.SetRecord(r + 1, -1);
        mem.SetRecord(r + 2, -1);
        mem.SetRecord(r + 3, input);
        mem.SetRecord(r + 4, output);
    }

    /// <summary>
    /// Seconds of one prefill step of <paramref name="tokens"/> prompt tokens from <paramref name="prompts"/> prompts (the
    /// largest part <paramref name="largest"/>, token-weighted context <paramref name="weightedContext"/>): a prompt sits on
    /// one dp rank, many prompts spread over the ranks. Colocated mixed steps and the disaggregated pool both time it here.
    /// </summary>
    private static double PrefillSeconds(in ReplicaConfig c, double tokens, double prompts, double largest, double weightedContext)
    {
        double ranks = c.Prep.Prefill.Dp;
        return DecodeSpan.PrefillStepSeconds(c.Prep, c.Model, Math.Max(tokens / ranks, largest), Math.Max(1, prompts / ranks), weightedContext / tokens, tokens);
    }

    // The disaggregated prefill pool, run up to t: each step starts when the pool is free and a prompt waits, and packs the
    // waiting prompts in arrival order up to the token budget (the last one may keep tokens for the next step). A prompt's
    // first token reaches the decode pool after the last pipeline stage and its KV transfer. The pool never waits for decode.
    private static void AdvancePool<TMem>(ref TMem mem, in ReplicaConfig c, in ReplicaLoad load, ref Queues q, double t)
        where TMem : struct, ITrafficMemory
    {
        while (q.PoolHead < q.Pushed)
        {
            double start = Math.Max(q.PoolFree, mem.Record((int)(q.PoolHead * RecordFields)));
            if (start > t)
            {
                return;
            }

            double budget = c.PrefillBudgetTokens, tokens = 0, prompts = 0, largest = 0, weightedContext = 0, done = q.PoolDone;
            for (long id = q.PoolHead; id < q.Pushed && budget > 0 && mem.Record((int)(id * RecordFields)) <= start; id++)
            {
                double input = mem.Record((int)(id * RecordFields) + 3);
                double fresh = FreshTokens(input, load.PrefixCacheHit);
                double part = Math.Min(fresh - done, budget);
                budget -= part;
                tokens += part;
                prompts++;
                largest = Math.Max(largest, part);
                weightedContext += part * (input - fresh + done + (part / 2));
                done = 0;
            }

            double dt = PrefillSeconds(c, tokens, prompts, largest, weightedContext);
            double end = start + dt;
            budget = c.PrefillBudgetTokens;
            while (budget > 0 && q.PoolHead < q.Pushed && mem.Record((int)(q.PoolHead * RecordFields)) <= start)
            {
                int r = (int)(q.PoolHead * RecordFields);
                double input = mem.Record(r + 3);
                double left = FreshTokens(input, load.PrefixCacheHit) - q.PoolDone;
                double part = Math.Min(left, budget);
                budget -= part;
                if (part < left)
                {
                    q.PoolDone += part;
                    break;
                }

                q.PoolDone = 0;
                mem.SetRecord(r + 1, end + ((c.Prep.Prefill.Pp - 1) * dt) + (input * c.Prep.KvTransferSecondsPerToken));
                q.PoolHead++;
            }

            q.PoolFree = end;
        }
    }

    // Disaggregated: when the queue's head can join decode (its first token delivered), or, before the pool has prefilled
    // it, when the pool next starts a step (a time to look again).
    private static double NextReady<TMem>(in TMem mem, in Queues q)
        where TMem : struct, ITrafficMemory
    {
        if (q.Admitted < q.PoolHead)
        {
            return mem.Record((int)(q.Admitted * RecordFields) + 1);
        }

        return q.PoolHead < q.Pushed ? Math.Max(q.PoolFree, mem.Record((int)(q.PoolHead * RecordFields))) : double.PositiveInfinity;
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

    // The loop's counters and where each structure lives in the state (blittable, passed by reference).
    private struct Queues
    {
        public int Slots, HeapBase, FreeBase, PrefillBase, RingBase;

        // Free slots, running sequences (= heap entries), prompts prefilling (ring entries from PrefillHead), preempted (ring entries from RingHead).
        public int Free, Running, Prefilling, PrefillHead, RingHead, RingCount;
        // Requests pushed, completed and admitted (arrival order); disaggregated, the first not fully prefilled by the pool.
        public long Pushed, Completed, Admitted, PoolHead;

        // Context tokens of the running sequences, KV tokens held, decode steps taken since the start, tokens the batch gains per step.
        public double ContextSum, KvUsed, Progress, GrowthRate;

        // Disaggregated pool: fresh tokens of its head already prefilled, when it can start its next step.
        public double PoolDone, PoolFree;
    }
}
