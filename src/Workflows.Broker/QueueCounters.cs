namespace Workflows.Broker;

/// <summary>A consistent snapshot of one queue's state and lifetime totals.</summary>
/// <param name="Queue">Queue name.</param>
/// <param name="Active">Messages waiting to be received.</param>
/// <param name="Locked">Messages held by a peek-lock receiver.</param>
/// <param name="Scheduled">Messages waiting for their scheduled enqueue time.</param>
/// <param name="DeadLettered">Messages in the dead-letter queue (waiting or locked).</param>
/// <param name="SizeBytes">Bytes held across all of the above.</param>
/// <param name="Received">Messages accepted from senders since start, duplicates excluded.</param>
/// <param name="Completed">Messages completed or received-and-deleted since start, from either sub-queue.</param>
/// <param name="DuplicatesDropped">Sends dropped by duplicate detection since start.</param>
public sealed record QueueCounters(
    string Queue,
    long Active,
    long Locked,
    long Scheduled,
    long DeadLettered,
    long SizeBytes,
    long Received,
    long Completed,
    long DuplicatesDropped)
{
    public override string ToString() =>
        $"{Queue}(active={Active}, locked={Locked}, scheduled={Scheduled}, dead-lettered={DeadLettered}, " +
        $"bytes={SizeBytes}, received={Received}, completed={Completed}, duplicates={DuplicatesDropped})";
}
