using System;
using System.Globalization;
using System.Threading.Tasks;
using AgentTracing.PostHog;

// store <host> <directory>: PostHog does not answer; captures batches of 10 events for ever, each one written to the
//   directory when its only attempt fails, and prints "stored <n>" after each batch. It ends only when it is killed.
// resend <host> <directory>: sends the directory's stored batches, prints "resent <n> corrupt <m>" and exits.
if (args.Length != 3 || (args[0] != "store" && args[0] != "resend"))
{
    Console.Error.WriteLine("usage: store|resend <host> <directory>");
    return 2;
}

var client = new PostHogClient(new PostHogClientOptions
{
    ApiKey = "phc_crash_test",
    Host = args[1],
    StorageDirectory = args[2],
    FlushAt = 10,
    MaxRetries = 0,
    RequestTimeout = TimeSpan.FromSeconds(5),
});

await client.StoragePass;
if (args[0] == "resend")
{
    var done = client.GetDiagnostics();
    Console.WriteLine("resent " + done.EventsResent.ToString(CultureInfo.InvariantCulture) + " corrupt " + done.StorageFilesCorrupt.ToString(CultureInfo.InvariantCulture));
    await client.ShutdownAsync();
    return 0;
}

for (var batch = 0; ; batch++)
{
    for (var i = 0; i < 10; i++)
    {
        client.CaptureAi(new PostHogEvent
        {
            EventName = "$ai_generation",
            DistinctId = "crash-test",
            Properties = new() { ["batch"] = batch, ["index"] = i },
        });
    }

    await client.FlushAsync();
    Console.WriteLine("stored " + client.GetDiagnostics().EventsStored.ToString(CultureInfo.InvariantCulture));
}
