namespace AgentTracing.PostHog.Client.Storage;

/// <summary>What became of a batch handed to <see cref="BatchStore.TryWrite"/>.</summary>
internal enum StoreWriteResult
{
    /// <summary>Written and renamed into place: it survives a crash from now on.</summary>
    Stored,

    /// <summary>It would take the directory over <c>MaxStorageBytes</c>.</summary>
    Full,

    /// <summary>The write failed (disk full, permissions, a directory gone): nothing was kept.</summary>
    Failed,
}
