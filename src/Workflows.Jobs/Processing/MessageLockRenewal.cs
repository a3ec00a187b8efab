using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;

namespace Workflows.Jobs.Processing;

/// <summary>
/// Keeps a job message locked while its attempt runs, but never past the job's deadline: after the deadline the
/// orchestration has given up on this attempt (and re-dispatched the job), so the message may as well come back.
/// </summary>
internal static class MessageLockRenewal
{
    /// <summary>When to renew next (halfway to the lock's expiry, or now if it has expired); null once the lock reaches the deadline or the deadline has passed.</summary>
    public static DateTimeOffset? NextRenewal(DateTimeOffset now, DateTimeOffset lockedUntil, DateTimeOffset deadline) =>
        lockedUntil >= deadline || now >= deadline ? null : lockedUntil <= now ? now : now + ((lockedUntil - now) / 2);

    /// <summary>Renews until <paramref name="stop"/> (the attempt ended), the deadline, or a renewal fails (the lock is lost).</summary>
    public static async Task RenewUntilAsync(ProcessMessageEventArgs args, DateTimeOffset deadline, TimeProvider time, ILogger logger, CancellationToken stop)
    {
        try
        {
            while (NextRenewal(time.GetUtcNow(), args.Message.LockedUntil, deadline) is { } next)
            {
                var wait = next - time.GetUtcNow();
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stop).ConfigureAwait(false);
                await args.RenewMessageLockAsync(args.Message, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (ServiceBusException ex)
        {
            // The attempt goes on: its result is write-once, and the orchestration reconciles duplicate attempts.
            Log.LockRenewalFailed(logger, args.Message.MessageId, ex);
        }
    }
}
