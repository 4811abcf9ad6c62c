namespace GalaxyActors.Hosting.Workers;

/// <summary>
/// Items kept newest use first under one lock, the oldest dropped once their costs pass a budget: the process-wide
/// caches the slice entities of a node share (<see cref="NodeKnnPoints"/>, <see cref="NodeFeatureBlocks"/>). The newest
/// item is always kept, whatever it costs. Items are looked up by a predicate: the caches hold a handful.
/// </summary>
internal sealed class RecentlyUsed<T>(Func<T, long> cost, long budget) where T : class
{
    private readonly object _gate = new();
    private readonly LinkedList<T> _items = new();

    /// <summary>The first item that matches, now the newest; null when none does.</summary>
    public T? Find(Func<T, bool> match)
    {
        lock (_gate) return TouchLocked(match);
    }

    /// <summary>The first item that matches, now the newest; or else <paramref name="create"/>'s, added as the newest.</summary>
    public T FindOrAdd(Func<T, bool> match, Func<T> create)
    {
        lock (_gate)
        {
            if (TouchLocked(match) is { } found) return found;
            var item = create();
            _items.AddFirst(item);
            TrimLocked();
            return item;
        }
    }

    /// <summary>Drops the oldest items past the budget: for items whose cost grows after they were added (a lazy load).</summary>
    public void Trim()
    {
        lock (_gate) TrimLocked();
    }

    public void Remove(T item)
    {
        lock (_gate) _items.Remove(item);
    }

    public void RemoveWhere(Func<T, bool> match)
    {
        lock (_gate)
            for (var node = _items.First; node is not null;)
            {
                var next = node.Next;
                if (match(node.Value)) _items.Remove(node);
                node = next;
            }
    }

    private T? TouchLocked(Func<T, bool> match)
    {
        for (var node = _items.First; node is not null; node = node.Next)
        {
            if (!match(node.Value)) continue;
            if (node != _items.First)
            {
                _items.Remove(node);
                _items.AddFirst(node);
            }
            return node.Value;
        }
        return null;
    }

    private void TrimLocked()
    {
        long total = 0;
        for (var node = _items.First; node is not null;)
        {
            var next = node.Next;
            total += cost(node.Value);
            if (total > budget && node != _items.First) _items.Remove(node);
            node = next;
        }
    }
}
