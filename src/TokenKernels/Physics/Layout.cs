using TokenKernels.Packing;

namespace TokenKernels.Physics;

/// <summary>
/// How one instance splits a model: attention tp x dp x pp; MoE layers ep x moeTp per stage (moeTp = gpus / (pp x ep)).
/// Checked once per configuration by <see cref="Check"/>.
/// </summary>
internal struct Layout
{
    public int Gpus;
    public int Tp;
    public int Dp;
    public int Pp;
    public int Ep;
    public int MoeTp;

    public static Layout Of(int gpus, int tp, int dp, int pp, int ep)
    {
        int stageGpus = pp > 0 ? gpus / pp : 0;
        return new Layout { Gpus = gpus, Tp = tp, Dp = dp, Pp = pp, Ep = ep, MoeTp = ep > 0 ? stageGpus / ep : 0 };
    }

    /// <summary>Returns the <see cref="InfeasibleReason"/> code of a layout the model cannot take, or 0.</summary>
    public static int Check(in Layout l, in PackedModel m)
    {
        if (l.Tp < 1 || l.Dp < 1 || l.Pp < 1 || l.Ep < 1 || l.Tp * l.Dp * l.Pp != l.Gpus)
        {
            return (int)InfeasibleReason.LayoutMismatch;
        }

        if (m.QueryHeads % l.Tp != 0 || (m.AttentionKind == AttentionKind.Gqa && m.KvHeads % l.Tp != 0 && l.Tp % m.KvHeads != 0))
        {
            return (int)InfeasibleReason.TpDoesNotDivideHeads;
        }

        if (l.Pp > m.Layers)
        {
            return (int)InfeasibleReason.PpExceedsLayers;
        }

        if (l.Ep > 1 && (m.MoeLayers == 0 || l.Ep > m.RoutedExperts))
        {
            return (int)InfeasibleReason.EpExceedsExperts;
        }

        if ((l.Gpus / l.Pp) % l.Ep != 0)
        {
            return (int)InfeasibleReason.EpDoesNotDivideGpus;
        }

        return 0;
    }
}
