using Microsoft.Extensions.Options;
using Workflows.Infrastructure.Options;

namespace Workflows.Infrastructure.Storage;

/// <summary>
/// <c>Workflows:Storage</c>: the storage account holding blobs (datasets, runs, models) and the <c>job-events</c> queue.
/// A connection string locally (Azurite); service URIs with a managed identity in Azure.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = WorkflowsSettings.Root + ":Storage";

    public string? ConnectionString { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; the default credential chain otherwise.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Retries of a transient failure (timeouts, 408/429/5xx, broken connections) per operation.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First retry delay; doubled per retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Blocks of a streaming upload (large artifacts go up in blocks of this size, never buffered whole).</summary>
    public int UploadBlockBytes { get; set; } = 8 * 1024 * 1024;

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        if (!options.UsesConnectionString && (options.BlobServiceUri is null || options.QueueServiceUri is null))
        {
            errors.Add($"{StorageOptions.Section}: set ConnectionString, or both BlobServiceUri and QueueServiceUri (managed identity)");
        }

        if (options.UsesConnectionString && (options.BlobServiceUri is not null || options.QueueServiceUri is not null))
        {
            errors.Add($"{StorageOptions.Section}: set either ConnectionString or the service URIs, not both");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            errors.Add($"{StorageOptions.Section}:MaxRetries must be between 0 and 20");
        }

        if (options.RetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{StorageOptions.Section}:RetryDelay must be positive");
        }

        if (options.UploadBlockBytes is < 256 * 1024 or > 100 * 1024 * 1024)
        {
            errors.Add($"{StorageOptions.Section}:UploadBlockBytes must be between 256 KiB and 100 MiB");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
