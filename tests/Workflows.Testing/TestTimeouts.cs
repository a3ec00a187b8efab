namespace Workflows.Testing;

/// <summary>Per-test timeout tokens: a hung test fails with a cancellation instead of blocking the suite.</summary>
public static class TestTimeouts
{
    public static CancellationToken After(TimeSpan timeout) => new CancellationTokenSource(timeout).Token;
}
