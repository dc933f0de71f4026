using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AgentTracing.PostHog.Tests.GenAI;

/// <summary>The bridge's conversion queue: order, its bound, drains, and a worker that outlives a failing item.</summary>
public sealed class ConversionQueueTests
{
    [Fact]
    public async Task The_worker_runs_every_item_in_the_order_posted()
    {
        var ran = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var queue = new ConversionQueue<int>(
            i =>
            {
                ran.Add(i);
                if (i == 999)
                {
                    done.SetResult();
                }
            },
            capacity: 1024);

        for (var i = 0; i < 1000; i++)
        {
            queue.Post(i, wake: i == 999);
        }

        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        queue.Drain();
        Assert.Equal(Enumerable.Range(0, 1000), ran);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Items_posted_without_waking_the_worker_wait_until_enough_of_them_do()
    {
        var ran = 0;
        var all = new ManualResetEventSlim();
        using var queue = new ConversionQueue<int>(
            i =>
            {
                ran++;
                if (i == 31)
                {
                    all.Set();
                }
            },
            capacity: 1024);

        for (var i = 0; i < 31; i++)
        {
            queue.Post(i, wake: false);
        }

        Assert.Equal(31, queue.Count);
        Assert.Equal(0, ran);

        queue.Post(31, wake: false);
        Assert.True(all.Wait(TimeSpan.FromSeconds(30)));
        queue.Drain();
        Assert.Equal(32, ran);
    }

    [Fact]
    public async Task A_caller_that_finds_no_room_waits_for_the_worker_and_order_is_kept()
    {
        var ran = new List<int>();
        using var release = new ManualResetEventSlim();
        using var queue = new ConversionQueue<int>(
            i =>
            {
                if (i == 0)
                {
                    // The worker is busy with the first item until the test lets it go.
                    release.Wait();
                }

                lock (ran)
                {
                    ran.Add(i);
                }
            },
            capacity: 4);

        var caller = Task.Run(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                queue.Post(i);
            }
        });

        release.Set();
        await caller.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(queue.Count <= 4);
        queue.Drain();
        Assert.Equal(Enumerable.Range(0, 20), ran);
    }

    [Fact]
    public void Without_a_worker_a_caller_that_finds_no_room_runs_the_oldest_items_down_to_half_and_a_drain_runs_the_rest()
    {
        var ran = new List<int>();
        using var queue = new ConversionQueue<int>(ran.Add, capacity: 4, startWorker: false);

        for (var i = 0; i < 7; i++)
        {
            queue.Post(i);
        }

        // The fifth post found more than four waiting and ran the oldest three, down to half the bound.
        Assert.Equal([0, 1, 2], ran);
        Assert.Equal(4, queue.Count);

        queue.Drain();
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], ran);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_drain_runs_only_what_was_posted_before_it()
    {
        var ran = new List<int>();
        ConversionQueue<int>? queue = null;
        queue = new ConversionQueue<int>(
            i =>
            {
                ran.Add(i);
                if (i == 1)
                {
                    // Posted while the drain runs: left for the worker.
                    queue!.Post(100);
                }
            },
            capacity: 16,
            startWorker: false);

        queue.Post(0);
        queue.Post(1);
        queue.Drain();

        Assert.Equal([0, 1], ran);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task An_item_that_throws_does_not_stop_the_worker()
    {
        var ran = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var queue = new ConversionQueue<int>(
            i =>
            {
                if (i == 0)
                {
                    throw new InvalidOperationException("bad item");
                }

                ran.Add(i);
                done.SetResult();
            },
            capacity: 16);

        queue.Post(0, wake: false);
        queue.Post(1);

        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        queue.Drain();
        Assert.Equal([1], ran);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task An_idle_worker_s_thread_ends_and_the_next_post_starts_another()
    {
        // A converter the application stops using must not hold a thread for the rest of the process.
        var ran = new[]
        {
            new TaskCompletionSource<Thread>(TaskCreationOptions.RunContinuationsAsynchronously),
            new TaskCompletionSource<Thread>(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        using var queue = new ConversionQueue<int>(i => ran[i].SetResult(Thread.CurrentThread), capacity: 16, idleExit: TimeSpan.FromMilliseconds(50));

        queue.Post(0);
        var first = await ran[0].Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(first.Join(TimeSpan.FromSeconds(30)), "the idle worker's thread did not end");
        Assert.Null(queue.Worker);

        queue.Post(1);
        var second = await ran[1].Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotSame(first, second);
        Assert.True(second.IsBackground);
        queue.Drain();
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task An_awake_worker_is_not_woken_by_posts_and_finds_them_by_itself()
    {
        // Waking the thread is a system call on the application's thread: while the worker is gathering work, posts
        // that ask to wake it only queue, and it finds them at its next look.
        var ran = new[]
        {
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        using var queue = new ConversionQueue<int>(i => ran[i].SetResult(), capacity: 16, gatherInterval: TimeSpan.FromSeconds(2));

        queue.Post(0);
        await ran[0].Task.WaitAsync(TimeSpan.FromSeconds(30));
        queue.Post(1);
        queue.Post(2, wake: false);

        await Task.WhenAll(ran[1].Task, ran[2].Task).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, queue.Signals);
    }

    [Fact]
    public async Task Many_waiting_items_wake_a_gathering_worker_at_once()
    {
        // The worker would look again only after a minute; the 32nd waiting item cuts that short.
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var queue = new ConversionQueue<int>(
            i =>
            {
                if (i == 0)
                {
                    first.SetResult();
                }
                else if (i == 32)
                {
                    all.SetResult();
                }
            },
            capacity: 1024,
            gatherInterval: TimeSpan.FromMinutes(1));

        queue.Post(0);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(30));
        for (var i = 1; i <= 31; i++)
        {
            queue.Post(i);
        }

        queue.Post(32, wake: false);
        await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, queue.Signals);
    }

    [Fact]
    public async Task Disposing_the_queue_ends_its_worker_at_once()
    {
        // Disposing the bridge must not leave its thread behind until the idle time runs out.
        var ran = new TaskCompletionSource<Thread>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new ConversionQueue<int>(_ => ran.SetResult(Thread.CurrentThread), capacity: 16, idleExit: TimeSpan.FromMinutes(5));
        queue.Post(0);
        var worker = await ran.Task.WaitAsync(TimeSpan.FromSeconds(30));

        queue.Dispose();

        Assert.True(worker.Join(TimeSpan.FromSeconds(20)), "the worker outlived its queue");
    }
}
