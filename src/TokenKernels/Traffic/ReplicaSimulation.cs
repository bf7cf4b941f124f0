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
/// waiting (in arrival order, each up to a chunk per step) into steps of up to its token budget (chunk x its dp ranks).
/// A decode pool of several instances runs each on its own (its own batch limit, KV cache, step time and clock); a
/// request ready to decode goes to the least loaded instance with room for it, joining at that instance's next step.
/// The loop always serves the instance whose clock is earliest, and an instance applies the span it computed when its
/// clock comes up, so every completion (and a closed loop's next request) happens in time order. With a slot free, an
/// instance's span stops at the next moment work could reach it: an arrival, the queue's head ready, or (several
/// instances) another instance's clock plus the shortest prefill step.
/// State (doubles), per instance: batch slots x <see cref="SlotFields"/> (request id or -1, tokens generated before this
/// prefill, prefill tokens left, tokens prefilled in this pass, prompt tokens already cached, progress at which it is
/// done, heap position, tokens per step), the completion heap, the free-slot stack and the prefill ring (batch limit
/// each), and <see cref="Counters"/> counters; then a ring of preempted requests (all slots x 2: id, generated). Records
/// (per request, <see cref="RecordFields"/>): arrival, first token, done, input and output tokens.
/// </remarks>
internal static class ReplicaSimulation
{
    public const int RecordFields = 5;
    public const int SlotFields = 8;

    /// <summary>Doubles of counters per instance (see <see cref="Load"/>).</summary>
    public const int Counters = 12;

    private const int PendingSpan = 1;
    private const int PendingMixed = 2;

    private const int ClosedLoop = 2;
    private const int Trace = 3;

    // Tokens within this of a sequence's output count as all of it (fractional rates accumulate rounding).
    private const double Tolerance = 1e-9;

    /// <summary>Doubles of state one replica needs.</summary>
    public static int StateSize(int batchLimit, int instances) => (instances * InstanceSize(batchLimit)) + (2 * batchLimit * instances);

    private static int InstanceSize(int batchLimit) => ((SlotFields + 3) * batchLimit) + Counters;

    /// <summary>Runs the replica to the completion of every request (or a failure) and returns its summary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a handful of calls run the whole loop: compile it fully at once, not on-stack-replaced
    public static ReplicaSummary Run<TMem>(ref TMem mem, in ReplicaConfig c, in ReplicaLoad load)
        where TMem : struct, ITrafficMemory
    {
        var sim = default(ReplicaSummary);
        var q = default(Queues);
        int slots = c.BatchLimit;
        int instances = c.Instances;
        q.Slots = slots;
        q.RingBase = instances * InstanceSize(slots);
        q.RingSlots = slots * instances;
        long n = load.Requests;
        bool disaggregated = c.Deployment.Disaggregated != 0;
        for (int k = 0; k < instances; k++)
        {
            Select(ref q, k);
            for (int i = 0; i < slots; i++)
            {
                mem.SetState(q.SlotBase + (i * SlotFields), -1);
                mem.SetState(q.FreeBase + i, slots - 1 - i); // the lowest slot on top
            }

            q.Free = slots;
            Store(ref mem, q);
        }

        double t = 0, lastT = 0;
        double nextArrival = double.PositiveInfinity;
        bool cappedOpen = load.ArrivalKind != ClosedLoop && load.ArrivalKind != Trace && load.Concurrency > 0;
        double roomSince = 0;
        if (load.ArrivalKind == ClosedLoop)
        {
            for (; q.Pushed < Math.Min(n, load.Concurrency); q.Pushed++)
            {
                Push(ref mem, ref q, load, q.Pushed, 0);
            }
        }
        else if (n > 0)
        {
            nextArrival = ArrivalAfter(mem, load, 0, 0);
        }

        // Disaggregated: whether the last admission pass left a request waiting for a decode slot or its KV. The user gets
        // the first token when decode admits the request (SGLang, Dynamo and vLLM's P/D stream it from the decode side, which
        // must hold the sequence), so a request that waited has its first token at admission, not at the end of its prefill.
        bool waitingForDecode = false;

        // Several instances: a prompt pushed now reaches decode no sooner than one prefill step of one token from now.
        double lookahead = instances > 1 ? PrefillSeconds(c, 1, 1, 1, 0.5) : 0;
        long maxEvents = (64 * n) + 10_000;
        while (q.Completed < n)
        {
            if (++sim.Events > maxEvents + (instances > 1 ? 4 * q.OutputPushed : 0))
            {
                sim.Failure = 2;
                break;
            }

            if (instances > 1)
            {
                Load(mem, ref q, Earliest(mem, q, instances)); // one instance keeps its counters in q
            }

            if (!(q.Clock < double.PositiveInfinity))
            {
                break; // every instance idle and nothing will arrive
            }

            t = q.Clock;
            sim.InSystemSeconds += (q.Pushed - q.Completed) * (t - lastT);
            lastT = t;

            // The span this instance computed ends now: its steps land, its finished sequences complete.
            if (q.PendingKind == PendingSpan)
            {
                Decode(ref mem, c, load, ref q, q.PendingSteps, t);
            }
            else if (q.PendingKind == PendingMixed)
            {
                FinishMixedStep(ref mem, c, load, ref q, t);
                while (q.KvUsed > c.KvCapacityTokens && q.Running > 0)
                {
                    Preempt(ref mem, ref q, ref sim);
                }
            }

            q.PendingKind = 0;
            if (q.Completed >= n)
            {
                Save(ref mem, q, instances);
                break;
            }

            // An open loop with a concurrency cap (a benchmark client's semaphore, e.g. vLLM's --max-concurrency with a
            // --request-rate): an arrival that finds the cap reached waits in the client, its clock not started, until a
            // request completes; it then starts at that completion (roomSince), not at its arrival.
            while (q.Pushed < n && nextArrival <= t)
            {
                if (cappedOpen && q.Pushed - q.Completed >= load.Concurrency)
                {
                    roomSince = double.PositiveInfinity;
                    break;
                }

                roomSince = Math.Min(roomSince, t);
                double start = Math.Max(nextArrival, roomSince);
                Push(ref mem, ref q, load, q.Pushed, start);
                sim.InSystemSeconds += t - start;
                q.Pushed++;
                nextArrival = q.Pushed < n ? ArrivalAfter(mem, load, q.Pushed, nextArrival) : double.PositiveInfinity;
                if (cappedOpen && q.Pushed - q.Completed >= load.Concurrency)
                {
                    roomSince = double.PositiveInfinity;
                }
            }

            if (disaggregated)
            {
                AdvancePool(ref mem, c, load, ref q, t);
            }

            // Admission: preempted requests first, then arrivals in order, while a slot and their KV are free (and, with
            // several instances, no less loaded instance can take the request now).
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
                if (q.KvUsed + input + generated > c.KvCapacityTokens || (instances > 1 && LessLoadedElsewhere(ref mem, q, c, instances, input + generated)))
                {
                    break;
                }

                int slot = (int)mem.State(q.FreeBase + --q.Free);
                if (recompute)
                {
                    q.RingHead = (q.RingHead + 1) % q.RingSlots;
                    q.RingCount--;
                }
                else
                {
                    q.Admitted++;
                }

                int s = q.SlotBase + (slot * SlotFields);
                q.KvUsed += input + generated;
                mem.SetState(s, id);
                mem.SetState(s + 1, generated);
                mem.SetState(s + 3, 0);
                if (disaggregated && !recompute)
                {
                    // The prefill pool already produced the first token; the sequence decodes from here. If it found no
                    // slot when ready, the first token reaches the user now.
                    if (waitingForDecode)
                    {
                        mem.SetRecord(r + 1, t);
                    }

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

            waitingForDecode = disaggregated && (q.RingCount > 0 || (q.Admitted < q.Pushed && (q.Free == 0 || (q.Admitted < q.PoolHead && mem.Record((int)(q.Admitted * RecordFields) + 1) <= t))));
            bool waiting = q.Admitted < q.Pushed || q.RingCount > 0;
            double ready = !waiting ? double.PositiveInfinity : q.RingCount == 0 && disaggregated ? NextReady(mem, q) : t;
            if (instances > 1)
            {
                WakeIdle(ref mem, q, instances, Math.Max(t, ready));
            }

            if (q.Running == 0 && q.Prefilling == 0)
            {
                // Idle: sleep until the next arrival, or the moment the queue's head is ready for decode.
                if (ready <= t)
                {
                    sim.Failure = 1; // an empty instance cannot admit the head: its KV never fits
                    Save(ref mem, q, instances);
                    break;
                }

                q.Clock = Math.Min(nextArrival, ready);
                Save(ref mem, q, instances);
                continue;
            }

            double dt;
            if (q.Prefilling > 0)
            {
                dt = MixedStepSeconds(ref mem, c, ref q, ref sim);
                q.PendingKind = PendingMixed;
            }
            else
            {
                // Decode only: the batch is fixed until the first completion, the KV cache filling up, or (with a slot
                // free) the next moment a request could join.
                double headroom = c.KvCapacityTokens - q.KvUsed;
                double growth = q.GrowthRate;
                double byKv = Math.Floor(headroom / growth);
                if (byKv < 1)
                {
                    Preempt(ref mem, ref q, ref sim);
                    Save(ref mem, q, instances);
                    continue;
                }

                double left = mem.State(q.SlotBase + (SlotFields * (int)mem.State(q.HeapBase)) + 5) - q.Progress;
                double steps = Math.Min(byKv, Math.Max(1, left));
                double batch = q.Running;
                double mean = q.ContextSum / q.Running;
                double accept = growth / q.Running; // context tokens a sequence gains per step, on average over the batch
                double wake = Later(t, nextArrival, double.PositiveInfinity);
                if (disaggregated && q.Admitted < q.Pushed)
                {
                    wake = Later(t, NextReady(mem, q), wake);
                }

                if (instances > 1)
                {
                    wake = Later(t, OtherClock(mem, q, instances) + lookahead, wake);
                }

                dt = -1; // the span's seconds once known
                if (q.Free > 0 && wake < double.PositiveInfinity)
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

                sim.KvTokenSeconds += (q.KvUsed + (growth * steps / 2)) * dt;
                sim.DecodeSteps += steps;
                q.PendingKind = PendingSpan;
                q.PendingSteps = steps;
            }

            q.Clock = t + dt;
            Save(ref mem, q, instances);
        }

        sim.EndSeconds = t;
        sim.Completed = q.Completed;
        return sim;
    }

    /// <summary>Prompt tokens a request prefills after prefix-cache hits: max(1, input - input x hit), as <see cref="ServingModel.PrepareLoad"/>.</summary>
    public static double FreshTokens(double input, double prefixCacheHit) => Math.Max(1.0, input - (input * prefixCacheHit));

    // One mixed step (colocated, or a decode instance recomputing preempted requests): a prefill chunk (up to the budget,
    // prompts in admission order) plus one decode step of the running batch, or no decode step where the engine runs prefill
    // first (ReplicaConfig.PrefillFirst). Returns its seconds; FinishMixedStep applies it.
    private static double MixedStepSeconds<TMem>(ref TMem mem, in ReplicaConfig c, ref Queues q, ref ReplicaSummary sim)
        where TMem : struct, ITrafficMemory
    {
        double budget = c.PrefillBudgetTokens, tokens = 0, prompts = 0, largest = 0, weightedContext = 0;
        for (int k = 0; k < q.Prefilling && budget > 0; k++)
        {
            int s = q.SlotBase + (SlotFields * (int)mem.State(q.PrefillBase + ((q.PrefillHead + k) % q.Slots)));
            double part = Math.Min(mem.State(s + 2), budget);
            budget -= part;
            tokens += part;
            prompts++;
            largest = Math.Max(largest, part);
            weightedContext += part * (mem.State(s + 4) + mem.State(s + 3) + (part / 2));
        }

        double prefillSeconds = PrefillSeconds(c, tokens, prompts, largest, weightedContext);
        bool decode = q.Running > 0 && c.PrefillFirst == 0;
        double decodeSeconds = decode ? DecodeSpan.Seconds(c.Prep, c.Model, c.Deployment, q.Running, q.ContextSum / q.Running, q.GrowthRate / q.Running, 1) : 0;
        double dt = prefillSeconds + decodeSeconds;
        sim.KvTokenSeconds += q.KvUsed * dt;
        sim.DecodeSteps += decode ? 1 : 0;
        q.PendingPrefillSeconds = prefillSeconds;
        return dt;
    }

    // The mixed step computed by MixedStepSeconds ends at now: the decode step lands, the budget went to a prefix of the
    // prefill ring (those it finishes leave it, the last one served may stay with tokens left).
    private static void FinishMixedStep<TMem>(ref TMem mem, in ReplicaConfig c, in ReplicaLoad load, ref Queues q, double now)
        where TMem : struct, ITrafficMemory
    {
        if (q.Running > 0 && c.PrefillFirst == 0)
        {
            Decode(ref mem, c, load, ref q, 1, now);
        }

        double budget = c.PrefillBudgetTokens;
        while (budget > 0 && q.Prefilling > 0)
        {
            int slot = (int)mem.State(q.PrefillBase + q.PrefillHead);
            int s = q.SlotBase + (slot * SlotFields);
            double left = mem.State(s + 2);
            double part = Math.Min(left, budget);
            budget -= part;
            mem.SetState(s + 2, left - part);
            mem.SetState(s + 3, mem.State(s + 3) + part);
            if (left - part > 0)
            {
                break;
            }

            q.PrefillHead = (q.PrefillHead + 1) % q.Slots;
            q.Prefilling--;

            // Prompt done: the step emits the first token (a recomputed request already had it).
            int r = (int)(mem.State(s) * RecordFields);
            double generated = mem.State(s + 1);
            if (generated <= 0)
            {
                generated = 1;
                q.KvUsed += 1;
                mem.SetState(s + 1, generated);
                mem.SetRecord(r + 1, now + ((c.Prep.Prefill.Pp - 1) * q.PendingPrefillSeconds));
            }

            StartDecode(ref mem, c, load, ref q, slot, mem.Record(r + 3), generated, mem.Record(r + 4), now);
        }
    }

    // Slot joins the running batch with generated of its output tokens; done at once when it has them all.
    private static void StartDecode<TMem>(
        ref TMem mem, in ReplicaConfig c, in ReplicaLoad load, ref Queues q, int slot, double input, double generated, double output, double t)
        where TMem : struct, ITrafficMemory
    {
        q.Running++;
        q.ContextSum += input + generated;
        int s = q.SlotBase + (slot * SlotFields);
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
        mem.SetState(s + 6, i);
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
            if (mem.State(q.SlotBase + (slot * SlotFields) + 5) > q.Progress + 0.5)
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
        int s = q.SlotBase + (slot * SlotFields);
        int r = (int)(mem.State(s) * RecordFields);
        double held = mem.Record(r + 3) + Generated(mem, q, s, r);
        mem.SetRecord(r + 2, t);
        Release(ref mem, ref q, s, slot, held);
        q.Completed++;
        if (load.ArrivalKind == ClosedLoop && q.Pushed < load.Requests)
        {
            Push(ref mem, ref q, load, q.Pushed, t);
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
            double id = mem.State(q.SlotBase + (SlotFields * (int)mem.State(q.HeapBase + i)));
            if (id > newest)
            {
                newest = id;
                at = i;
            }
        }

        int victim = (int)mem.State(q.HeapBase + at);
        int v = q.SlotBase + (victim * SlotFields);
        int r = (int)(newest * RecordFields);
        double generated = Generated(mem, q, v, r);
        double held = mem.Record(r + 3) + generated;
        RemoveFromHeap(ref mem, ref q, at);
        int tail = (q.RingHead + q.RingCount) % q.RingSlots;
        mem.SetState(q.RingBase + (2 * tail), newest);
        mem.SetState(q.RingBase + (2 * tail) + 1, generated);
        q.RingCount++;
        Release(ref mem, ref q, v, victim, held);
        sim.Preemptions++;
    }

    // A running sequence (slot fields at s) leaves its slot: the slot goes back on the free stack, its tokens out of the
    // KV cache and the step's context, its rate out of the batch's growth. Shared by completion and preemption.
    private static void Release<TMem>(ref TMem mem, ref Queues q, int s, int slot, double held)
        where TMem : struct, ITrafficMemory
    {
        mem.SetState(s, -1);
        mem.SetState(q.FreeBase + q.Free++, slot);
        q.Running--;
        q.GrowthRate = q.Running > 0 ? q.GrowthRate - mem.State(s + 7) : 0;
        q.ContextSum -= held;
        q.KvUsed -= held;
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
        mem.SetState(q.SlotBase + (moved * SlotFields) + 6, i);
        q.Running--; // sift within the entries that remain
        SiftDown(ref mem, q, i);
        SiftUp(ref mem, q, (int)mem.State(q.SlotBase + (moved * SlotFields) + 6));
        q.Running++;
    }

    private static double Key<TMem>(in TMem mem, in Queues q, int i)
        where TMem : struct, ITrafficMemory => mem.State(q.SlotBase + (SlotFields * (int)mem.State(q.HeapBase + i)) + 5);

    private static void Swap<TMem>(ref TMem mem, in Queues q, int i, int j)
        where TMem : struct, ITrafficMemory
    {
        double a = mem.State(q.HeapBase + i), b = mem.State(q.HeapBase + j);
        mem.SetState(q.HeapBase + i, b);
        mem.SetState(q.HeapBase + j, a);
        mem.SetState(q.SlotBase + (SlotFields * (int)b) + 6, i);
        mem.SetState(q.SlotBase + (SlotFields * (int)a) + 6, j);
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
    private static void Push<TMem>(ref TMem mem, ref Queues q, in ReplicaLoad load, long id, double arrival)
        where TMem : struct, ITrafficMemory
    {
        LengthSampler.Sample(mem, load.Lengths, load.Seed, 2 * load.Stream, id, out double input, out double output);
        q.OutputPushed += (long)output;
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
    // waiting prompts in arrival order, each up to a chunk (one rank's pass), up to the token budget (chunk x dp ranks); a
    // prompt longer than a chunk goes on in the next steps. While in the pool a request's done field holds its prompt tokens
    // prefilled; its first token reaches the decode pool after the last pipeline stage and its KV transfer. The pool never
    // waits for decode.
    private static void AdvancePool<TMem>(ref TMem mem, in ReplicaConfig c, in ReplicaLoad load, ref Queues q, double t)
        where TMem : struct, ITrafficMemory
    {
        double chunk = c.Deployment.PrefillChunkTokens;
        while (q.PoolHead < q.Pushed)
        {
            double start = Math.Max(q.PoolFree, mem.Record((int)(q.PoolHead * RecordFields)));
            if (start > t)
            {
                return;
            }

            double budget = c.PrefillBudgetTokens, tokens = 0, prompts = 0, largest = 0, weightedContext = 0;
            for (long id = q.PoolHead; id < q.Pushed && budget > 0 && mem.Record((int)(id * RecordFields)) <= start; id++)
            {
                int r = (int)(id * RecordFields);
                if (mem.Record(r + 1) >= 0)
                {
                    continue; // prefilled already
                }

                double input = mem.Record(r + 3);
                double fresh = FreshTokens(input, load.PrefixCacheHit);
                double done = Math.Max(0, mem.Record(r + 2));
                double part = Math.Min(Math.Min(fresh - done, chunk), budget);
                budget -= part;
                tokens += part;
                prompts++;
                largest = Math.Max(largest, part);
                weightedContext += part * (input - fresh + done + (part / 2));
            }

            double dt = PrefillSeconds(c, tokens, prompts, largest, weightedContext);
            double end = start + dt;
            budget = c.PrefillBudgetTokens;
            for (long id = q.PoolHead; id < q.Pushed && budget > 0 && mem.Record((int)(id * RecordFields)) <= start; id++)
            {
                int r = (int)(id * RecordFields);
                if (mem.Record(r + 1) >= 0)
                {
                    continue;
                }

                double input = mem.Record(r + 3);
                double done = Math.Max(0, mem.Record(r + 2));
                double left = FreshTokens(input, load.PrefixCacheHit) - done;
                double part = Math.Min(Math.Min(left, chunk), budget);
                budget -= part;
                if (part < left)
                {
                    mem.SetRecord(r + 2, done + part);
                    continue;
                }

                mem.SetRecord(r + 2, -1);
                mem.SetRecord(r + 1, end + ((c.Prep.Prefill.Pp - 1) * dt) + (input * c.Prep.KvTransferSecondsPerToken));
            }

            while (q.PoolHead < q.Pushed && mem.Record((int)(q.PoolHead * RecordFields) + 1) >= 0)
            {
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

    // The first of the candidate moments after t (candidate), or current if candidate is not after t or is later.
    private static double Later(double t, double candidate, double current) => candidate > t ? Math.Min(candidate, current) : current;

    // Points q at instance k's structures.
    private static void Select(ref Queues q, int k)
    {
        q.Instance = k;
        q.SlotBase = k * InstanceSize(q.Slots);
        q.HeapBase = q.SlotBase + (SlotFields * q.Slots);
        q.FreeBase = q.HeapBase + q.Slots;
        q.PrefillBase = q.FreeBase + q.Slots;
        q.CounterBase = q.PrefillBase + q.Slots;
    }

    // Counters of an instance: free slots, running, prefilling, prefill head, context sum, KV used, progress, tokens per step
    // of the batch, clock, pending kind, pending steps, pending prefill seconds.
    private static void Load<TMem>(in TMem mem, ref Queues q, int k)
        where TMem : struct, ITrafficMemory
    {
        Select(ref q, k);
        int b = q.CounterBase;
        q.Free = (int)mem.State(b);
        q.Running = (int)mem.State(b + 1);
        q.Prefilling = (int)mem.State(b + 2);
        q.PrefillHead = (int)mem.State(b + 3);
        q.ContextSum = mem.State(b + 4);
        q.KvUsed = mem.State(b + 5);
        q.Progress = mem.State(b + 6);
        q.GrowthRate = mem.State(b + 7);
        q.Clock = mem.State(b + 8);
        q.PendingKind = (int)mem.State(b + 9);
        q.PendingSteps = mem.State(b + 10);
        q.PendingPrefillSeconds = mem.State(b + 11);
    }

    private static void Store<TMem>(ref TMem mem, in Queues q)
        where TMem : struct, ITrafficMemory
    {
        int b = q.CounterBase;
        mem.SetState(b, q.Free);
        mem.SetState(b + 1, q.Running);
        mem.SetState(b + 2, q.Prefilling);
        mem.SetState(b + 3, q.PrefillHead);
        mem.SetState(b + 4, q.ContextSum);
        mem.SetState(b + 5, q.KvUsed);
        mem.SetState(b + 6, q.Progress);
        mem.SetState(b + 7, q.GrowthRate);
        mem.SetState(b + 8, q.Clock);
        mem.SetState(b + 9, q.PendingKind);
        mem.SetState(b + 10, q.PendingSteps);
        mem.SetState(b + 11, q.PendingPrefillSeconds);
    }

    // Several instances keep their counters in the state between events (one keeps them in q).
    private static void Save<TMem>(ref TMem mem, in Queues q, int instances)
        where TMem : struct, ITrafficMemory
    {
        if (instances > 1)
        {
            Store(ref mem, q);
        }
    }

    private static int CounterBase(int k, int slots) => (k * InstanceSize(slots)) + ((SlotFields + 3) * slots);

    // The instance with the earliest clock (the lowest index among equals).
    private static int Earliest<TMem>(in TMem mem, in Queues q, int instances)
        where TMem : struct, ITrafficMemory
    {
        int best = 0;
        double clock = mem.State(CounterBase(0, q.Slots) + 8);
        for (int k = 1; k < instances; k++)
        {
            double ck = mem.State(CounterBase(k, q.Slots) + 8);
            if (ck < clock)
            {
                best = k;
                clock = ck;
            }
        }

        return best;
    }

    // The earliest clock of the other instances that hold sequences (their next completions, hence a closed loop's next requests).
    private static double OtherClock<TMem>(in TMem mem, in Queues q, int instances)
        where TMem : struct, ITrafficMemory
    {
        double earliest = double.PositiveInfinity;
        for (int k = 0; k < instances; k++)
        {
            int b = CounterBase(k, q.Slots);
            if (k != q.Instance && mem.State(b + 1) + mem.State(b + 2) > 0)
            {
                earliest = Math.Min(earliest, mem.State(b + 8));
            }
        }

        return earliest;
    }

    // Whether another instance with a free slot and room for a request needing kv tokens holds fewer sequences than this
    // one: the request is left for it (it joins at that instance's next step boundary); an idle one is woken to take it now.
    private static bool LessLoadedElsewhere<TMem>(ref TMem mem, in Queues q, in ReplicaConfig c, int instances, double kv)
        where TMem : struct, ITrafficMemory
    {
        double held = q.Running + q.Prefilling;
        for (int k = 0; k < instances; k++)
        {
            int b = CounterBase(k, q.Slots);
            double other = mem.State(b + 1) + mem.State(b + 2);
            if (k != q.Instance && mem.State(b) >= 1 && other < held && mem.State(b + 5) + kv <= c.KvCapacityTokens)
            {
                if (other == 0)
                {
                    mem.SetState(b + 8, Math.Min(mem.State(b + 8), q.Clock));
                }

                return true;
            }
        }

        return false;
    }

    // Idle instances sleep no later than when the queue's head can be admitted.
    private static void WakeIdle<TMem>(ref TMem mem, in Queues q, int instances, double ready)
        where TMem : struct, ITrafficMemory
    {
        for (int k = 0; k < instances; k++)
        {
            int b = CounterBase(k, q.Slots);
            if (k != q.Instance && mem.State(b + 1) + mem.State(b + 2) == 0)
            {
                mem.SetState(b + 8, Math.Min(mem.State(b + 8), ready));
            }
        }
    }

    // The loop's counters and where each structure lives in the state (blittable, passed by reference).
    private struct Queues
    {
        // Batch limit per instance, all slots (the preempted ring's size); the instance loaded and its structures.
        public int Slots, RingSlots, Instance, SlotBase, HeapBase, FreeBase, PrefillBase, CounterBase, RingBase;

        // This instance: free slots, running sequences (= heap entries), prompts prefilling (ring entries from PrefillHead),
        // what its clock's span does when it ends. Global: preempted (ring entries from RingHead).
        public int Free, Running, Prefilling, PrefillHead, PendingKind, RingHead, RingCount;

        // Requests pushed, completed and admitted (arrival order); disaggregated, the first not fully prefilled by the pool;
        // output tokens pushed (the event budget of several instances).
        public long Pushed, Completed, Admitted, PoolHead, OutputPushed;

        // This instance: context tokens of the running sequences, KV tokens held, decode steps taken since the start, tokens
        // the batch gains per step, the time its state is at, the steps of its span and the prefill seconds of its mixed step.
        public double ContextSum, KvUsed, Progress, GrowthRate, Clock, PendingSteps, PendingPrefillSeconds;

        // Disaggregated pool: when it can start its next step.
        public double PoolFree;
    }
}
