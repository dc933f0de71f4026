using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog.Tests.Client;

/// <summary>The pool of queued events' arrays: bucket sizes, reuse, and the byte budget that bounds it.</summary>
public sealed class EventBufferPoolTests
{
    [Theory]
    [InlineData(0, 256)]
    [InlineData(1, 256)]
    [InlineData(256, 256)]
    [InlineData(257, 512)]
    [InlineData(2_500, 4_096)]
    [InlineData(4_096, 4_096)]
    [InlineData(65_535, 65_536)]
    [InlineData(65_536, 65_536)]
    public void Rent_gives_the_power_of_two_bucket_that_fits(int length, int expected)
    {
        var pool = new EventBufferPool(1024 * 1024);

        Assert.Equal(expected, pool.Rent(length).Length);
    }

    [Fact]
    public void An_event_larger_than_the_largest_bucket_gets_an_exact_array_that_is_never_kept()
    {
        var pool = new EventBufferPool(1024 * 1024);

        var array = pool.Rent(65_537);
        pool.Return(array);

        Assert.Equal(65_537, array.Length);
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void A_returned_array_is_rented_again_by_the_next_event_of_its_size()
    {
        var pool = new EventBufferPool(1024 * 1024);
        var first = pool.Rent(3_000);

        pool.Return(first);

        Assert.Equal(4_096, pool.RetainedBytes);
        Assert.Same(first, pool.Rent(2_100));
        Assert.Equal(0, pool.RetainedBytes);
        Assert.NotSame(first, pool.Rent(2_100));
    }

    [Fact]
    public void Thousands_of_arrays_of_one_size_are_all_kept_within_the_budget()
    {
        // The case a count per size could not serve: a burst queues thousands of events of much the same size.
        var pool = new EventBufferPool(16 * 1024 * 1024);
        var rented = Enumerable.Range(0, 3_000).Select(_ => pool.Rent(1_000)).ToList();

        rented.ForEach(pool.Return);

        Assert.Equal(3_000 * 1_024, pool.RetainedBytes);
        var again = Enumerable.Range(0, 3_000).Select(_ => pool.Rent(1_000)).ToHashSet();
        Assert.True(again.SetEquals(rented));
    }

    [Fact]
    public void Arrays_beyond_the_budget_are_left_to_the_garbage_collector()
    {
        var pool = new EventBufferPool(10 * 4_096);
        var rented = Enumerable.Range(0, 15).Select(_ => pool.Rent(4_096)).ToList();

        rented.ForEach(pool.Return);

        Assert.Equal(10 * 4_096, pool.RetainedBytes);
        var reused = Enumerable.Range(0, 15).Select(_ => pool.Rent(4_096)).Count(rented.Contains);
        Assert.Equal(10, reused);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1_000)]
    [InlineData(128 * 1024)]
    public void Arrays_the_pool_does_not_hand_out_are_not_kept(int length)
    {
        var pool = new EventBufferPool(1024 * 1024);

        pool.Return(new byte[length]);

        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public async Task Renting_on_many_threads_while_one_returns_loses_and_duplicates_nothing()
    {
        var pool = new EventBufferPool(64 * 1024 * 1024);
        var returned = new System.Collections.Concurrent.BlockingCollection<byte[]>();
        var renters = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var mine = new List<byte[]>();
            for (var i = 0; i < 5_000; i++)
            {
                var array = pool.Rent(700);
                mine.Add(array);
                returned.Add(array);
            }

            return mine;
        })).ToArray();
        var returner = Task.Run(() =>
        {
            foreach (var array in returned.GetConsumingEnumerable())
            {
                pool.Return(array);
            }
        });

        var all = (await Task.WhenAll(renters)).SelectMany(a => a).ToList();
        returned.CompleteAdding();
        await returner;

        // Every array rented was returned once, so the pool holds each distinct array exactly once.
        var distinct = all.Distinct().Count();
        Assert.Equal(distinct * 1_024L, pool.RetainedBytes);
        var drained = Enumerable.Range(0, distinct).Select(_ => pool.Rent(700)).ToHashSet();
        Assert.Equal(distinct, drained.Count);
        Assert.Equal(0, pool.RetainedBytes);
    }
}
