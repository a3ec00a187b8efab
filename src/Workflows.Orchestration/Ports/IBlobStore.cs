using Workflows.Contracts;

namespace Workflows.Orchestration.Ports;

/// <summary>
/// Blob operations the platform relies on, with the semantics of Azure Blob Storage (implemented over Azure.Storage.Blobs).
/// </summary>
public interface IBlobStore
{
    /// <summary>Null when the blob does not exist.</summary>
    Task<BlobContent?> TryReadAsync(BlobPath path, CancellationToken cancellationToken);

    /// <summary>Streams a blob; throws <see cref="BlobNotFoundException"/> when missing.</summary>
    Task<Stream> OpenReadAsync(BlobPath path, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a blob from a stream (large artifacts are uploaded in blocks, never buffered whole).</summary>
    Task<BlobVersion> WriteAsync(BlobPath path, Stream content, CancellationToken cancellationToken);

    /// <summary>Creates the blob only if it does not exist (If-None-Match: *). Returns false, writing nothing, when it exists.</summary>
    Task<bool> TryCreateAsync(BlobPath path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Replaces the blob only if its ETag still matches (<paramref name="expectedETag"/> null: only if absent). False on a lost race.</summary>
    Task<bool> TryReplaceAsync(BlobPath path, ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken);

    Task<BlobVersion?> GetVersionAsync(BlobPath path, CancellationToken cancellationToken);

    IAsyncEnumerable<BlobVersion> ListAsync(string container, string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes one blob; false when it did not exist.</summary>
    Task<bool> DeleteAsync(BlobPath path, CancellationToken cancellationToken);

    /// <summary>Deletes every blob under the prefix; returns how many were deleted.</summary>
    Task<int> DeletePrefixAsync(string container, string prefix, CancellationToken cancellationToken);
}

public sealed record BlobContent(ReadOnlyMemory<byte> Data, BlobVersion Version);

/// <param name="ContentHash">Base64 MD5 when storage has one, else the ETag; what run ids hash.</param>
public sealed record BlobVersion(BlobPath Path, string ETag, string ContentHash, long Length, DateTimeOffset LastModified);

public sealed class BlobNotFoundException(BlobPath path) : Exception($"blob '{path}' does not exist")
{
    public BlobPath Path { get; } = path;
}
