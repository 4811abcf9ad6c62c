using GalaxyActors.Core.Morphology;

namespace GalaxyActors.Core.Tests.Morphology;

public class MorphologyRadixSortTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    [InlineData(4761)]
    public void Sorts_like_array_sort_and_carries_the_items(int n)
    {
        var random = new Random(n);
        var keys = Enumerable.Range(0, n).Select(i => i % 7 == 0 ? 3.5f : (float)((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-3, 4)))).ToArray();
        if (n > 3)
            keys[1] = -0f;
        var items = keys.Select(k => 2 * k + 1).ToArray();
        var expected = (float[])keys.Clone();
        Array.Sort(expected);
        new RadixSort(Math.Max(1, n)).Sort(keys, items);
        Assert.Equal(expected.Select(v => v == 0 ? 0 : v), keys.Select(v => v == 0 ? 0 : v));
        for (var i = 0; i < n; i++)
            Assert.Equal(2 * keys[i] + 1, items[i]);
    }
}
