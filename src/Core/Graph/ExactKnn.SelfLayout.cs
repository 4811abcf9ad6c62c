using System.Runtime.CompilerServices;
using GalaxyActors.Core.Linalg;

namespace GalaxyActors.Core.Graph;

public static partial class ExactKnn
{
    /// <summary>
    /// The points as the self-search reads them, all in k-d order: transposed tiles of 32 (the
    /// kernel's references and, 8 lanes at a time, its queries), squared norms, and for the
    /// kernel's early exit the squared norms over the leading <see cref="PartialDims"/>
    /// coordinates and the rest (<see cref="Rest"/>). Built straight from the caller's rows
    /// through the order. Every fresh page costs a fault, dear on this kind of VM, so the layout
    /// holds one copy of the points, not two.
    /// </summary>
    private sealed class SelfLayout
    {
        /// <summary>The early exit pays only if the leading coordinates hold this share of the spread.</summary>
        private const double PartialShare = 0.8;

        public SelfLayout(RowMatrix points, int[] order)
        {
            Count = points.Rows;
            Dims = points.Columns;
            TileCount = (Count + TileWidth - 1) / TileWidth;
            ChunkCount = (Count + QueryChunk - 1) / QueryChunk;
            Tiles = new float[TileCount * TileWidth * Dims];
            Norms = new float[TileCount * TileWidth];
            PartialNorms = new float[Norms.Length];
            Rest = new float[Norms.Length];
            PartialDims = LeadingDims(points);
            Parallel.For(0, TileCount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                t => FillTile(points, order, t));
            var largest = 0f;
            for (var r = 0; r < Count; r++)
                largest = Math.Max(largest, Norms[r]);
            Tolerance = Math.Max(1e-4f, Dims * 5e-7f) * largest;
            for (var r = 0; r < Count; r++)
                Rest[r] = Norms[r] - PartialNorms[r] + Tolerance;
            for (var r = Count; r < Norms.Length; r++)
            {
                Norms[r] = float.PositiveInfinity; // padding lanes never pass the screen
                PartialNorms[r] = float.PositiveInfinity;
            }
        }

        public int Count { get; }
        public int Dims { get; }
        public int TileCount { get; }
        public int ChunkCount { get; }
        public float[] Tiles { get; }
        public float[] Norms { get; }

        /// <summary>
        /// A bound on the float screen's error for any pair: 1e-4 (or d·5e-7 where more) of the
        /// largest squared norm. A d-term float dot product errs by at most about d·2⁻²⁴ of
        /// ‖q‖² + ‖r‖² ≤ 2·largest, so this is ≥ 4 times the worst case.
        /// </summary>
        public float Tolerance { get; }

        /// <summary>Coordinates summed before the kernel's early-exit test (= Dims: no test).</summary>
        public int PartialDims { get; }

        /// <summary>Squared norm over the first <see cref="PartialDims"/> coordinates.</summary>
        public float[] PartialNorms { get; }

        /// <summary>‖p‖² − partial squared norm + tolerance: what the partial bound may still miss.</summary>
        public float[] Rest { get; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void FillTile(RowMatrix points, int[] order, int t)
        {
            var tileBase = t * TileWidth * Dims;
            for (var lane = 0; lane < TileWidth; lane++)
            {
                var r = t * TileWidth + lane;
                if (r >= Count)
                    break;
                var row = points.Data.AsSpan(order[r] * Dims, Dims);
                double norm = 0, partial = 0;
                for (var d = 0; d < Dims; d++)
                {
                    var v = row[d];
                    Tiles[tileBase + d * TileWidth + lane] = v;
                    norm += (double)v * v;
                    if (d == PartialDims - 1)
                        partial = norm;
                }
                Norms[r] = (float)norm;
                PartialNorms[r] = (float)partial;
            }
        }

        /// <summary>
        /// The fewest leading coordinates holding <see cref="PartialShare"/> of the points' summed
        /// squares (from a sample), or all of them when that leaves too few behind to be worth a
        /// test (the test costs about as much as 4 coordinates of products).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int LeadingDims(RowMatrix points)
        {
            var dims = points.Columns;
            var energy = new double[dims];
            var step = Math.Max(1, points.Rows / 4096);
            for (var i = 0; i < points.Rows; i += step)
            {
                var row = points.Row(i);
                for (var d = 0; d < dims; d++)
                    energy[d] += (double)row[d] * row[d];
            }
            var total = 0.0;
            foreach (var e in energy)
                total += e;
            var sum = 0.0;
            for (var d = 0; d < dims; d++)
            {
                sum += energy[d];
                if (sum >= PartialShare * total)
                    return d + 1 <= dims - 8 ? d + 1 : dims;
            }
            return dims;
        }
    }
}
