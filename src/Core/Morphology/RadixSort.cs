namespace GalaxyActors.Core.Morphology;

/// <summary>
/// Least-significant-digit radix sort of float keys with a float payload: four 8-bit passes over the keys' bits mapped
/// to unsigned integers whose order is the floats' order (sign bit flipped for positives, all bits for negatives).
/// Stable and deterministic; about 3× faster than <see cref="MemoryExtensions.Sort{TKey, TValue}(Span{TKey}, Span{TValue})"/>
/// on the ~1000-pixel segments of 69×69 cutouts (≈ 55 → 18 µs per cutout, `galaxy bench morphology`'s images). NaN keys are
/// not expected (pixel values are finite).
/// </summary>
internal sealed class RadixSort
{
    private readonly uint[] _keys, _keysSwap;
    private readonly float[] _itemsSwap;
    private readonly int[] _counts = new int[4 * 256];

    public RadixSort(int capacity)
    {
        _keys = new uint[capacity];
        _keysSwap = new uint[capacity];
        _itemsSwap = new float[capacity];
    }

    /// <summary>Sorts <paramref name="keys"/> ascending, carrying <paramref name="items"/> along (pass an empty span for
    /// keys alone).</summary>
    public void Sort(Span<float> keys, Span<float> items)
    {
        var n = keys.Length;
        if (n < 2)
            return;
        var counts = _counts.AsSpan();
        counts.Clear();
        var a = _keys.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            var bits = BitConverter.SingleToUInt32Bits(keys[i]);
            var key = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
            a[i] = key;
            counts[(int)(key & 0xFF)]++;
            counts[256 + (int)((key >> 8) & 0xFF)]++;
            counts[512 + (int)((key >> 16) & 0xFF)]++;
            counts[768 + (int)(key >> 24)]++;
        }
        var b = _keysSwap.AsSpan(0, n);
        var carry = !items.IsEmpty;
        Span<float> itemsA = items;
        Span<float> itemsB = carry ? _itemsSwap.AsSpan(0, n) : default;
        for (var pass = 0; pass < 4; pass++)
        {
            var shift = 8 * pass;
            var count = counts.Slice(256 * pass, 256);
            if (count[(int)((a[0] >> shift) & 0xFF)] == n)
                continue; // every key shares this digit
            var offset = 0;
            for (var d = 0; d < 256; d++)
            {
                var c = count[d];
                count[d] = offset;
                offset += c;
            }
            for (var i = 0; i < n; i++)
            {
                var key = a[i];
                var slot = count[(int)((key >> shift) & 0xFF)]++;
                b[slot] = key;
                if (carry)
                    itemsB[slot] = itemsA[i];
            }
            var swapKeys = a;
            a = b;
            b = swapKeys;
            var swapItems = itemsA;
            itemsA = itemsB;
            itemsB = swapItems;
        }
        for (var i = 0; i < n; i++)
        {
            var key = a[i];
            var bits = (key & 0x8000_0000u) != 0 ? key & 0x7FFF_FFFFu : ~key;
            keys[i] = BitConverter.UInt32BitsToSingle(bits);
        }
        if (carry && itemsA != items)
            itemsA.CopyTo(items);
    }
}
