using TokenKernels.Packing;

namespace TokenKernels;

/// <summary>
/// <see cref="ModelSpec"/>'s derived figures, counted once by the packer (<see cref="ParameterCounts"/>): declared here,
/// beside the packer, and not on the record in Specs, which sits below it. Read as members of the spec
/// (<c>spec.TotalParameters</c>).
/// </summary>
public static class ModelSpecFigures
{
    extension(ModelSpec spec)
    {
        /// <summary>Total parameters, counted from the architecture (embeddings and LM head included).</summary>
        public double TotalParameters => ModelPacker.Pack(spec).TotalParameters;

        /// <summary>Parameters one token passes through (top-k + shared experts, embeddings and LM head included).</summary>
        public double ActiveParameters => ModelPacker.Pack(spec).ActiveParameters;

        /// <summary>KV-cache bytes one token occupies over all layers, at a KV precision (full attention layers; sliding windows cap their layers).</summary>
        public ByteCount KvBytesPerToken(Precision kvCache) =>
            new(ParameterCounts.KvBytesPerTokenPerLayer(ModelPacker.Pack(spec), kvCache.BytesPerElement()) * spec.Layers);
    }
}
