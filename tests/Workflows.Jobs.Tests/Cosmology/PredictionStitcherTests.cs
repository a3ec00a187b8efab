using Workflows.Contracts;
using Workflows.Cosmology.Grids;
using Workflows.Jobs.Cosmology;
using Workflows.Orchestration.Cosmology;
using Workflows.Testing;

namespace Workflows.Jobs.Tests.Cosmology;

public sealed class PredictionStitcherTests
{
    private const string RunId = "stitch-0123456789abcdef";

    /// <summary>A 12³ periodic target on 8³ tiles: padded to a 2³ lattice, 3 tiles per job, so jobs 0, 1, 2 hold 3, 3 and 2 tiles.</summary>
    private static readonly GalaxyPlan Plan = new("runs/a", "runs/b", "runs/c", null, TargetIsTraining: false, TrainingGridSize: 12, BoxSize: 10,
        new GalaxyTiling(VolumeSize: 12, TileSize: 8, Halo: 0, Periodic: true, Padded: true), TilesPerJob: 3);

    [Fact]
    public async Task Stitch_EveryTileGood_AssemblesTheVolumeAndCropsTheOverhang()
    {
        var blobs = new InMemoryBlobStore();
        var jobs = Enumerable.Range(0, Plan.JobCount).Select(index => WriteJob(blobs, index)).ToList();

        var result = await new PredictionStitcher(blobs).StitchAsync(new GalaxyStitchRequest(RunId, Plan, jobs), CancellationToken.None);

        Assert.Empty(result.Rejected);
        Assert.Equal(BlobLayout.Prediction(RunId).ToString(), result.Prediction);
        var grid = NpyGridReader.ReadAll(new MemoryStream(blobs.Read(BlobLayout.Prediction(RunId))), "prediction");
        Assert.Equal(GridShape.Cube(12), grid.Shape);
        // Tile (i, j, k) is filled with its lattice position 4i + 2j + k, plus 0.5 so that no tile is zero.
        Assert.Equal(0.5f, grid[0, 0, 0]);
        Assert.Equal(1.5f, grid[7, 7, 8]);
        Assert.Equal(7.5f, grid[11, 11, 11]);
        Assert.Equal(4.5f, grid[8, 0, 7]);
        Assert.Equal(Enumerable.Range(0, 8).Sum(t => (t + 0.5) * Interior(t)), grid.Sum(), 3);
    }

    [Fact]
    public async Task Stitch_ATileOfTheWrongShape_RejectsItsJobAndWritesNothing_TheRedoneJobIsStitched()
    {
        var blobs = new InMemoryBlobStore();
        var jobs = Enumerable.Range(0, Plan.JobCount).Select(index => WriteJob(blobs, index)).ToList();
        var corrupted = BlobPath.Parse(ContractJson.Deserialize<JobResult>(blobs.Read(BlobPath.Parse(jobs[1].ResultPath)), "result").Artifacts["tile-001-000-000"]);
        blobs.Put(corrupted, NpyBytes.Of(new VoxelGrid(GridShape.Cube(4))));
        var stitcher = new PredictionStitcher(blobs);

        var first = await stitcher.StitchAsync(new GalaxyStitchRequest(RunId, Plan, jobs), CancellationToken.None);

        var rejected = Assert.Single(first.Rejected);
        Assert.Equal(1, rejected.Index);
        Assert.Contains("tile-001-000-000", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("4×4×4, expected 8×8×8", rejected.Reason, StringComparison.Ordinal);
        Assert.Null(first.Prediction);
        Assert.False(blobs.Exists(BlobLayout.Prediction(RunId)));

        jobs[1] = WriteJob(blobs, 1, redo: 1);
        var second = await stitcher.StitchAsync(new GalaxyStitchRequest(RunId, Plan, jobs), CancellationToken.None);

        Assert.Empty(second.Rejected);
        var grid = NpyGridReader.ReadAll(new MemoryStream(blobs.Read(BlobLayout.Prediction(RunId))), "prediction");
        Assert.Equal(4.5f, grid[8, 0, 0]);
    }

    [Fact]
    public async Task Stitch_AMissingAndADoubledJob_RejectsBoth()
    {
        var blobs = new InMemoryBlobStore();
        List<PredictedJob> jobs = [WriteJob(blobs, 0), WriteJob(blobs, 0, redo: 1), WriteJob(blobs, 2)];

        var result = await new PredictionStitcher(blobs).StitchAsync(new GalaxyStitchRequest(RunId, Plan, jobs), CancellationToken.None);

        Assert.Equal([(0, "prediction job 0 has 2 results; exactly one is stitched"), (1, "prediction job 1 has 0 results; exactly one is stitched")],
            result.Rejected.Select(r => (r.Index, r.Reason)));
    }

    /// <summary>Voxels of tile t (lattice position) inside the 12³ volume: 8 or 4 per axis.</summary>
    private static int Interior(int t) => new[] { t >> 2, (t >> 1) & 1, t & 1 }.Aggregate(1, (n, i) => n * (i == 0 ? 8 : 4));

    private static PredictedJob WriteJob(InMemoryBlobStore blobs, int index, int redo = 0)
    {
        string jobId = CosmoJobIds.Predict(RunId, index, redo);
        var (first, count) = Plan.TilesOf(index);
        var artifacts = new Dictionary<string, string>();
        for (int t = first; t < first + count; t++)
        {
            string name = $"tile-{t >> 2:D3}-{(t >> 1) & 1:D3}-{t & 1:D3}";
            var path = BlobLayout.AttemptArtifact(RunId, jobId, 1, $"tiles/{name}.npy");
            var tile = new VoxelGrid(GridShape.Cube(8));
            Array.Fill(tile.Data, t + 0.5f);
            blobs.Put(path, NpyBytes.Of(tile));
            artifacts[name] = path.ToString();
        }

        var result = new JobResult
        {
            JobId = jobId, RunId = RunId, Kind = JobKinds.CosmoPredictTiles, Attempt = 1, WorkerId = "w", Artifacts = artifacts,
            StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch,
        };
        var resultPath = BlobLayout.JobResult(RunId, jobId);
        blobs.Put(resultPath, ContractJson.SerializeToUtf8Bytes(result));
        return new PredictedJob(index, jobId, resultPath.ToString());
    }
}
