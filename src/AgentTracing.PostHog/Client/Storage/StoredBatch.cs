using System;
using System.Collections.Generic;
using AgentTracing.PostHog.Client.Internal;

namespace AgentTracing.PostHog.Client.Storage;

/// <summary>A stored batch read back under a lease: no other client sends it until it is removed or released.</summary>
internal sealed class StoredBatch
{
    public StoredBatch(string name, string leasePath, Lane lane, List<QueuedEvent> events, DateTimeOffset createdAt, long fileBytes)
    {
        Name = name;
        LeasePath = leasePath;
        Lane = lane;
        Events = events;
        CreatedAt = createdAt;
        FileBytes = fileBytes;
    }

    /// <summary>The file name it has when not leased (<c>{unix ms}-{id}.phb</c>).</summary>
    public string Name { get; }

    /// <summary>Where the file is while this client holds the lease.</summary>
    public string LeasePath { get; }

    public Lane Lane { get; }

    /// <summary>The events, in rented buffers that go back to the pool once the batch is done with.</summary>
    public List<QueuedEvent> Events { get; }

    /// <summary>When the batch was first written (from its name, so a split keeps its age).</summary>
    public DateTimeOffset CreatedAt { get; }

    public long FileBytes { get; }
}
