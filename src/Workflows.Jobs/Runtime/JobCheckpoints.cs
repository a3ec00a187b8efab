using System.Buffers.Binary;
using Workflows.Contracts;
using Workflows.Orchestration.Ports;

namespace Workflows.Jobs.Runtime;

/// <summary>A job's resumable state and the number of epochs it covers.</summary>
public sealed record JobCheckpoint(int Epoch, ReadOnlyMemory<byte> State);

/// <summary>
/// <c>runs/{runId}/checkpoints/{jobId}/checkpoint.bin</c>, shared by every attempt of a job: a header with the epoch, then
/// the handler's state. A checkpoint is replaced only by one of a later epoch, with an ETag condition, so two attempts
/// running at once never move the job backwards.
/// </summary>
internal sealed class JobCheckpoints(IBlobStore blobs, BlobPath path)
{
    private const int HeaderBytes = 8;
    private static readonly byte[] Magic = "WFCK"u8.ToArray();

    public async Task<JobCheckpoint?> LoadAsync(CancellationToken cancellationToken) =>
        await blobs.TryReadAsync(path, cancellationToken).ConfigureAwait(false) is { } content ? Decode(content.Data) : null;

    /// <summary>False when the stored checkpoint already covers <paramref name="epoch"/> or more epochs.</summary>
    public async Task<bool> SaveAsync(int epoch, ReadOnlyMemory<byte> state, CancellationToken cancellationToken)
    {
        byte[] framed = new byte[HeaderBytes + state.Length];
        Magic.CopyTo(framed, 0);
        BinaryPrimitives.WriteInt32LittleEndian(framed.AsSpan(4), epoch);
        state.CopyTo(framed.AsMemory(HeaderBytes));
        while (true)
        {
            var current = await blobs.TryReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (current is not null && Decode(current.Data).Epoch >= epoch)
            {
                return false;
            }

            if (await blobs.TryReplaceAsync(path, framed, current?.Version.ETag, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }
    }

    private JobCheckpoint Decode(ReadOnlyMemory<byte> data) =>
        data.Length >= HeaderBytes && data.Span[..4].SequenceEqual(Magic)
            ? new JobCheckpoint(BinaryPrimitives.ReadInt32LittleEndian(data.Span[4..]), data[HeaderBytes..])
            : throw new InvalidDataException($"{path} is not a job checkpoint (bad header)");
}
