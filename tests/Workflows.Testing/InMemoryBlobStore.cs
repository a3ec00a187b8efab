using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Runtime.CompilerServices;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Testing;

/// <summary>
/// <see cref="IBlobStore"/> in memory with the port's semantics (write-once create, ETag-conditional replace, MD5 content
/// hashes): for unit tests of orchestration logic only; integration tests use Azurite.
/// </summary>
public sealed class InMemoryBlobStore(TimeProvider? time = null) : IBlobStore
{
    private readonly ConcurrentDictionary<BlobPath, (byte[] Data, BlobVersion Version)> blobs = new();
    private readonly Lock gate = new();
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private long etag;

    public IReadOnlyCollection<BlobPath> Paths => blobs.Keys.ToList();

    public bool Exists(BlobPath path) => blobs.ContainsKey(path);

    public byte[] Read(BlobPath path) => blobs[path].Data;

    public void Put(BlobPath path, byte[] content) => Store(path, content);

    public Task<BlobContent?> TryReadAsync(BlobPath path, CancellationToken cancellationToken) =>
        Task.FromResult(blobs.TryGetValue(path, out var blob) ? new BlobContent(blob.Data, blob.Version) : null);

    public Task<Stream> OpenReadAsync(BlobPath path, CancellationToken cancellationToken) =>
        blobs.TryGetValue(path, out var blob) ? Task.FromResult<Stream>(new MemoryStream(blob.Data, writable: false)) : throw new BlobNotFoundException(path);

    public async Task<BlobVersion> WriteAsync(BlobPath path, Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        return Store(path, buffer.ToArray());
    }

    public Task<bool> TryCreateAsync(BlobPath path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (blobs.ContainsKey(path))
            {
                return Task.FromResult(false);
            }

            Store(path, content.ToArray());
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryReplaceAsync(BlobPath path, ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            bool matches = blobs.TryGetValue(path, out var current) ? current.Version.ETag == expectedETag : expectedETag is null;
            if (matches)
            {
                Store(path, content.ToArray());
            }

            return Task.FromResult(matches);
        }
    }

    public Task<BlobVersion?> GetVersionAsync(BlobPath path, CancellationToken cancellationToken) =>
        Task.FromResult(blobs.TryGetValue(path, out var blob) ? blob.Version : null);

    public async IAsyncEnumerable<BlobVersion> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var blob in blobs.Values.Select(b => b.Version)
                     .Where(v => v.Path.Container == container && v.Path.Name.StartsWith(prefix, StringComparison.Ordinal))
                     .OrderBy(v => v.Path.Name, StringComparer.Ordinal))
        {
            await Task.Yield();
            yield return blob;
        }
    }

    public Task<bool> DeleteAsync(BlobPath path, CancellationToken cancellationToken) => Task.FromResult(blobs.TryRemove(path, out _));

    public Task<int> DeletePrefixAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        var doomed = blobs.Keys.Where(p => p.Container == container && p.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return Task.FromResult(doomed.Count(p => blobs.TryRemove(p, out _)));
    }

    private BlobVersion Store(BlobPath path, byte[] data)
    {
        var version = new BlobVersion(path, $"\"0x{Interlocked.Increment(ref etag):X}\"", Convert.ToBase64String(MD5.HashData(data)), data.Length, time.GetUtcNow());
        blobs[path] = (data, version);
        return version;
    }
}
