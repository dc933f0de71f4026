// Tracer providers listen to process-global activity sources: a test class running beside another would see its spans.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
