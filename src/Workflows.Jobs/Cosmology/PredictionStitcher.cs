using Workflows.Contracts;
using Workflows.Cosmology.Tiling;
using Workflows.Orchestration.Cosmology;
using Workflows.Orchestration.Ports;

namespace Workflows.Jobs.Cosmology;

/// <summary>
/// Stitches the prediction jobs' tiles into <see cref="BlobLayout.Prediction"/>. First every tile of every job is checked
/// (present in the job's <c>result.json</c>, a readable TileSize³ grid of finite values); a job with a bad tile is
/// returned for redoing and nothing is written. Then the grid is assembled one slab of tiles at a time into a scratch file
/// and uploaded, so no more than a slab is ever in memory.
/// </summary>
public sealed class PredictionStitcher(IBlobStore blobs)
{
    public async Task<GalaxyStitchResult> StitchAsync(GalaxyStitchRequest request, CancellationToken cancellationToken)
    {
        var plan = request.Plan;
        var lattice = GalaxySpecs.Lattice(plan.Tiling);
        var tiles = lattice.Tiles.ToArray();
        var paths = new Dictionary<TileKey, (int Job, BlobPath Path)>();
        var rejected = new List<RejectedJob>();
        for (int index = 0; index < plan.JobCount; index++)
        {
            var jobs = request.Jobs.Where(j => j.Index == index).ToList();
            if (jobs.Count != 1)
            {
                rejected.Add(new RejectedJob(index, $"prediction job {index} has {jobs.Count} results; exactly one is stitched"));
                continue;
            }

            var (first, count) = plan.TilesOf(index);
            if (await CheckJobAsync(jobs[0], tiles[first..(first + count)], plan.Tiling.TileSize, paths, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                rejected.Add(new RejectedJob(index, problem));
            }
        }

        if (rejected.Count > 0)
        {
            return new GalaxyStitchResult(null, rejected);
        }

        string scratch = Path.Combine(Path.GetTempPath(), $"workflows-stitch-{Guid.NewGuid():N}.npy");
        try
        {
            try
            {
                await using var file = File.Create(scratch);
                // The stitcher pulls tiles synchronously, slab by slab; each is one small blob read.
                TileStitcher.Stitch(lattice, key => ReadTile(paths[key].Path, cancellationToken), file, cancellationToken: cancellationToken);
            }
            catch (TileOutputException ex)
            {
                // Changed after the check: redo its job rather than stitch it.
                return new GalaxyStitchResult(null, [new RejectedJob(paths[ex.Tile].Job, ex.Message)]);
            }

            var prediction = BlobLayout.Prediction(request.RunId);
            await using (var upload = File.OpenRead(scratch))
            {
                await blobs.WriteAsync(prediction, upload, cancellationToken).ConfigureAwait(false);
            }

            return new GalaxyStitchResult(prediction.ToString(), []);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    /// <returns>Why the job's output cannot be stitched, or null when every tile checks out (its paths are then recorded).</returns>
    private async Task<string?> CheckJobAsync(
        PredictedJob job, TileKey[] tiles, int tileSize, Dictionary<TileKey, (int Job, BlobPath Path)> paths, CancellationToken cancellationToken)
    {
        var resultPath = BlobPath.Parse(job.ResultPath);
        var content = await blobs.TryReadAsync(resultPath, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return $"{job.JobId}: {resultPath} does not exist";
        }

        var result = ContractJson.Deserialize<JobResult>(content.Data.Span, resultPath.ToString());
        foreach (var key in tiles)
        {
            if (!result.Artifacts.TryGetValue(key.Name, out var tilePath))
            {
                return $"{job.JobId}: no output for {key.Name}";
            }

            var tile = await blobs.TryReadAsync(BlobPath.Parse(tilePath), cancellationToken).ConfigureAwait(false);
            if (tile is null)
            {
                return $"{job.JobId}: {tilePath} does not exist";
            }

            try
            {
                using var stream = new MemoryStream(tile.Data.ToArray(), writable: false);
                TileStitcher.Verify(key, stream, tileSize);
            }
            catch (TileOutputException ex)
            {
                return $"{job.JobId}: {tilePath}: {ex.Message}";
            }

            paths[key] = (job.Index, BlobPath.Parse(tilePath));
        }

        return null;
    }

    private MemoryStream ReadTile(BlobPath path, CancellationToken cancellationToken)
    {
        var content = blobs.TryReadAsync(path, cancellationToken).GetAwaiter().GetResult() ?? throw new FileNotFoundException($"{path} does not exist");
        return new MemoryStream(content.Data.ToArray(), writable: false);
    }
}
