using GalaxyActors.Messages.Sharding;
using GalaxyActors.Messages.Slices;

namespace GalaxyActors.Messages.Tests;

public sealed class SliceMessageExtractorTests
{
    private readonly SliceMessageExtractor _extractor = new();

    [Fact]
    public void Slice_message_is_routed_to_its_job_slice_entity()
    {
        var message = new PingSlice(new SliceRef("job-1", 3, 1536, 512));
        Assert.Equal("job-1/slice-3", _extractor.EntityId(message));
        Assert.Same(message, _extractor.EntityMessage(message));
    }

    [Fact]
    public void Shard_ids_are_within_the_shard_count_and_the_same_for_the_same_entity()
    {
        var seen = new HashSet<string>();
        for (int i = 0; i < 1000; i++)
        {
            var message = new PingSlice(new SliceRef("job-1", i, i * 512L, 512));
            string shard = _extractor.ShardId(_extractor.EntityId(message)!, message);
            Assert.InRange(int.Parse(shard), 0, SliceMessageExtractor.ShardCount - 1);
            Assert.Equal(SliceEntityId.Of("job-1", i), _extractor.EntityId(message));
            var other = new SliceMessageExtractor();
            Assert.Equal(shard, other.ShardId(other.EntityId(message)!, message));
            seen.Add(shard);
        }
        // 1000 entities over 100 shards: a working hash spreads them over most shards.
        Assert.True(seen.Count > 80, $"only {seen.Count} shards used");
    }

    [Fact]
    public void Foreign_messages_are_not_routed()
    {
        Assert.Null(_extractor.EntityId("hello"));
    }
}
