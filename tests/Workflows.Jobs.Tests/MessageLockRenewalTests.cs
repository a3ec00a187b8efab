using Workflows.Jobs.Processing;

namespace Workflows.Jobs.Tests;

public sealed class MessageLockRenewalTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 30, 600, 15)] // halfway to the lock's expiry
    [InlineData(10, 30, 600, 20)]
    [InlineData(0, 30, 31, 15)] // the deadline lies just past the lock: one more renewal
    [InlineData(40, 30, 600, 40)] // the lock has expired: renew at once
    public void NextRenewal_LockEndsBeforeTheDeadline_RenewsHalfwayToItsExpiry(int now, int lockedUntil, int deadline, int expected)
    {
        Assert.Equal(Noon.AddSeconds(expected), MessageLockRenewal.NextRenewal(Noon.AddSeconds(now), Noon.AddSeconds(lockedUntil), Noon.AddSeconds(deadline)));
    }

    [Theory]
    [InlineData(0, 30, 30)]
    [InlineData(0, 30, 20)]
    [InlineData(50, 30, 20)]
    [InlineData(50, 30, 40)] // the deadline has passed while the lock had expired
    public void NextRenewal_LockReachesTheDeadline_StopsRenewing(int now, int lockedUntil, int deadline)
    {
        Assert.Null(MessageLockRenewal.NextRenewal(Noon.AddSeconds(now), Noon.AddSeconds(lockedUntil), Noon.AddSeconds(deadline)));
    }
}
