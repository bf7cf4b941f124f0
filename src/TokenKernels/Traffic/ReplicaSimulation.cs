using System.Runtime.CompilerServices;
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
/// Every running sequence gains the same tokens per step, so the loop keeps one counter of tokens decoded per sequence
/// (<c>progress</c>) and each running sequence the counter value at which it is done, in a min-heap: the next completion
/// is the heap's top and an event costs O(log batch), not a scan of the batch. Prompts prefill in admission order (a
/// FIFO ring of slots); free slots are a stack.
/// State (doubles): batch slots x <see cref="SlotFields"/> (request id or -1, tokens generated before this prefill, prefill
/// tokens left, tokens prefilled in this pass, prompt tokens already cached, progress at which it is done, heap
/// position), the completion heap, the free-slot stack and the prefill ring (batch limit each), a ring of preempted
/// requests (batch limit x 2: id, generated), and the prefill servers' free times. Records (per request,
/// <see cref="RecordFields"/>): arrival, first token, done, input and output tokens.
/// </remarks>
internal static class ReplicaSimulation
{
    public const int RecordFields = 5;
    public const int SlotFields = 7;

    private const int ClosedLoop = 2;
    private const int Trace = 3;

    // Tokens within this of a sequence's output count as all of it (fractional MTP acceptance accumulates rounding).
    private const double Tolerance = 1e-9;

    /// <summary>Doubles of state one replica needs.</summary>
    public static int StateSize(int batchLimit, int prefillServers) => ((SlotFields + 5) * batchLimit) + Math.Max(1, prefillServers);

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
        q.ServerBase = q.RingBase + (2 * slots);
        long n = load.Requests;
        bool disaggregated = c.Deployment.Disaggregated != 0;
        double accept = c.Deployment.MtpAcceptanceLength;
        for (int i = 0; i < slots; i++)
        {
            mem.SetState(i * SlotFields, -1);
            mem.SetState(q.FreeBase + i, slots - 1 - i); // the lowest slot on top
        }

        q.Free = slots;
        for (int i = 0; i < c.PrefillServers; i++)
        {
            mem.SetState(q.ServerBase + i, 0);
        }

        long admitted = 0;
        double t = 0;

        // Disaggregated: whether the last admission pass left a request waiting for a decode slot or its KV. The user gets
        // the first token when decode admits the request (SGLang, Dynamo and vLLM's P/D stream it from the decode side, which
        // must hold the sequence), so a request that waited has its first token at admission, not at the end of its prefill.
        bool waitingForDecode = false;
        double nextArrival = double.PositiveInfinity;
        if (load.ArrivalKind == ClosedLoop)
        {
            for (; q.Pushed < Math.Min(n, load.Concurrency); q.Pushed++)
            {
                Push(ref mem, c, load, q.Pushed, 0, q.ServerBase);
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
                Push(ref mem, c, load, q.Pushed, nextArrival, q.ServerBase);
                sim.InSystemSeconds += t - nextArrival;
                q.Pushed++;
                nextArrival = q.Pushed < n ? ArrivalAfter(mem, load, q.Pushed, nextArrival) : double.PositiveInfinity;
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
                else if (admitted < q.Pushed && (!disaggregated || mem.Record((int)(admitted * RecordFields) + 1) <= t))
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
                    admitted++;
                }

                int s = slot * SlotFields;
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

            waitingForDecode = disaggregated && (q.RingCount > 0 || (admitted < q.Pushed && (q.Free == 0 || mem.Record((int)(admitted * RecordFields) + 1) <= t)));

            if (q.Running == 0 && q.Prefilling == 0)
            {
                // Idle: jump to the next arrival, or to the moment the queue's head is ready for decode.
                double wake = nextArrival;
                if (admitted < q.Pushed || q.RingCount > 0)
                {
                    double ready = q.RingCount == 0 && disaggregated ? mem.Record((int)(admitted * RecordFields) + 1) : t;
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
                double growth = accept * q.Running;
                double byKv = Math.Floor(headroom / growth);
                if (byKv < 1)
                {
                    Preempt(ref mem, ref q, ref sim);
                    continue;
                }

                double left = mem.State((SlotFields * (int)mem.State(q.HeapBase)) + 5) - q.Progress;
                double steps = Math.Min(byKv, Math.Max(1, Math.Ceiling((left / accept) - Tolerance)));
                double batch = q.Running / c.DecodeInstances;
                double mean = q.ContextSum / q.Running;
                double wake = nextArrival;
                if (disaggregated && admitted < q.Pushed)
                {
                    wake = Math.Min(wake, mem.Record((int)(admitted * RecordFields) + 1));
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
                Decode(ref mem, c, load, ref q, steps * accept, t);
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

        // A prompt sits on one dp rank; many prompts spread over the ranks.
        double ranks = c.Prep.Prefill.Dp;
        double prefillSeconds = DecodeSpan.PrefillStepSeconds(c.Prep, c.Model, Math.Max(tokens / ranks, largest), Math.Max(1, prompts / ranks), weightedContext / tokens, tokens);
        double accept = c.Deployment.MtpAcceptanceLength;
        double decodeSeconds = q.Running > 0 ? DecodeSpan.Seconds(c.Prep, c.Model, c.Deployment, q.Running / c.DecodeInstances, q.ContextSum / q.Running, accept, 1) : 0;
        double dt = prefillSeconds + decodeSeconds;
        sim.InSystemSeconds += (q.Pushed - q.Completed) * dt;
        sim.KvTokenSeconds += q.KvUsed * dt;
        double now = t + dt;
        if (q.Running > 0)
        {
            sim.DecodeSteps += 1;
            Decode(ref mem, c, load, ref q, accept, now);
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
        mem.SetState((slot * SlotFields) + 5, q.Progress + (output - generated));
        if (generated >= output)
        {
            Complete(ref mem, c, load, ref q, slot, t);
            return;
        }

        int i = q.Running - 1;
        mem.SetState(q.HeapBase + i, slot);
        mem.SetState((slot * SlotFields) + 6, i);
        SiftUp(ref mem, q, i);
    }

    // Every running sequence accepts add more tokens; those that reach their output complete at t, in order of completion.
    private static void Decode<TMem>(ref TMem mem, in ReplicaConfig c, in ReplicaLoad load, ref Queues q, double add, double t)
        where TMem : struct, ITrafficMemory
    {
        q.ContextSum += add * q.Running;
        q.KvUsed += add * q.Running;
        q.Progress += add;
        while (q.Running > 0)
        {
            int slot = (int)mem.State(q.HeapBase);
            if (mem.State((slot * SlotFields) + 5) > q.Progress + Tolerance)
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
        q.ContextSum -= held;
        q.KvUsed -= held;
        q.Completed++;
        if (load.ArrivalKind == ClosedLoop && q.Pushed < load.Requests)
        {
            Push(ref mem, c, load, q.Pushed, t, q.ServerBase);
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
        q.ContextSum -= held;
        q.KvUsed -= held;
        sim.Preemptions++;
    }

    // Output tokens a running sequence (slot fields at s, record at r) holds: its output less what it still lacks.
    private static double Generated<TMem>(in TMem mem, in Queues q, int s, int r)
        where TMem : struct, ITrafficMemory => mem.Record(r + 4) - (mem.State(s + 5) - q.Progress);

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

    // The loop's counters and where each structure lives in the state (blittable, passed by reference).
    private struct Queues
    {
        public int Slots, HeapBase, FreeBase, PrefillBase, RingBase, ServerBase;

        // Free slots, running sequences (= heap entries), prompts prefilling (ring entries from PrefillHead), preempted (ring entries from RingHead).
        public int Free, Running, Prefilling, PrefillHead, RingHead, RingCount;
        public long Pushed, Completed;

        // Context tokens of the running sequences, KV tokens held, tokens each running sequence has gained since the start.
        public double ContextSum, KvUsed, Progress;
    }
}
