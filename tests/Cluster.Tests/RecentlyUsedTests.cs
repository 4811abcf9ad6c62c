using GalaxyActors.Hosting.Workers;

namespace GalaxyActors.Cluster.Tests;

/// <summary>The node caches' keeping rule: newest use first, the oldest dropped past the budget, the newest always kept.</summary>
public sealed class RecentlyUsedTests
{
    private sealed record Item(string Name, long Cost);

    [Fact]
    public void The_oldest_use_goes_first_once_the_budget_is_passed_and_the_newest_always_stays()
    {
        var cache = new RecentlyUsed<Item>(i => i.Cost, budget: 10);
        cache.FindOrAdd(i => i.Name == "a", () => new("a", 4));
        cache.FindOrAdd(i => i.Name == "b", () => new("b", 4));
        Assert.NotNull(cache.Find(i => i.Name == "a")); // a is now the newest use: b is the oldest
        cache.FindOrAdd(i => i.Name == "c", () => new("c", 4)); // 4 + 4 + 4 > 10
        Assert.Null(cache.Find(i => i.Name == "b"));
        Assert.NotNull(cache.Find(i => i.Name == "a"));

        cache.FindOrAdd(i => i.Name == "huge", () => new("huge", 50));
        Assert.NotNull(cache.Find(i => i.Name == "huge"));
        Assert.Null(cache.Find(i => i.Name == "a"));
        Assert.Null(cache.Find(i => i.Name == "c"));
    }

    [Fact]
    public void Found_items_are_not_made_again_and_removed_ones_are()
    {
        var cache = new RecentlyUsed<Item>(_ => 1, budget: 3);
        var made = 0;
        Item Make() { made++; return new("x", 1); }
        var first = cache.FindOrAdd(i => i.Name == "x", Make);
        Assert.Same(first, cache.FindOrAdd(i => i.Name == "x", Make));
        cache.RemoveWhere(i => i.Name == "x");
        Assert.NotSame(first, cache.FindOrAdd(i => i.Name == "x", Make));
        Assert.Equal(2, made);
    }
}
