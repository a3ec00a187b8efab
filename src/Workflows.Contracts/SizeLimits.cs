namespace Workflows.Contracts;

/// <summary>Hard limits that keep every payload far below what Durable Task, Service Bus and Storage queues accept.</summary>
public static class SizeLimits
{
    public const int MaxManifestBytes = 256 * 1024;
    public const int MaxSpecBytes = 64 * 1024;

    /// <summary>Durable custom status must stay under 16 KB; we keep a margin for the envelope.</summary>
    public const int MaxCustomStatusBytes = 12 * 1024;

    /// <summary>Storage queue messages are limited to 64 KB (48 KB after base64); outcomes stay far below.</summary>
    public const int MaxOutcomeBytes = 16 * 1024;

    /// <summary>
    /// Errors in outcomes and statuses are truncated to this many characters; the full text goes to the attempt log.
    /// JSON may escape a character to six bytes (<c>\u00e9</c>), so an error takes at most 12 KB of an outcome's
    /// <see cref="MaxOutcomeBytes"/>.
    /// </summary>
    public const int MaxErrorChars = 2048;

    public const int MaxJobIdLength = 120;
    public const int MaxSearchesPerRun = 64;
    public const int MaxJobsPerRun = 5000;
    public const int MaxManifestFiles = 64;
}
