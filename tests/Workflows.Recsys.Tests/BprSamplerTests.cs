using Workflows.Recsys.Training;

namespace Workflows.Recsys.Tests;

public class BprSamplerTests
{
    [Fact]
    public void SampleEpoch_AnyThreadCount_IdenticalTriples()
    {
        var dataset = TestData.Synthetic();
        var sampler = new BprSampler(dataset.Train, seed: 42);

        var single = sampler.SampleEpoch(epoch: 3, batchSize: 16, maxDegreeOfParallelism: 1);
        var parallel = sampler.SampleEpoch(epoch: 3, batchSize: 16, maxDegreeOfParallelism: 8);

        Assert.Equal(single.Length, parallel.Length);
        for (var b = 0; b < single.Length; b++)
        {
            Assert.Equal(single[b].Users, parallel[b].Users);
            Assert.Equal(single[b].Positives, parallel[b].Positives);
            Assert.Equal(single[b].Negatives, parallel[b].Negatives);
        }
    }

    [Fact]
    public void SampleEpoch_OneEpoch_AsManyValidTriplesAsTrainInteractions()
    {
        var dataset = TestData.Synthetic();
        var sampler = new BprSampler(dataset.Train, seed: 1);

        var batches = sampler.SampleEpoch(epoch: 0, batchSize: 16, maxDegreeOfParallelism: 2);

        Assert.Equal(dataset.Train.Count, batches.Sum(b => b.Count));
        Assert.All(batches.Take(batches.Length - 1), b => Assert.Equal(16, b.Count));
        foreach (var batch in batches)
        {
            for (var t = 0; t < batch.Count; t++)
            {
                Assert.True(dataset.Train.Contains(batch.Users[t], batch.Positives[t]));
                Assert.False(dataset.Train.Contains(batch.Users[t], batch.Negatives[t]));
            }
        }
    }

    [Fact]
    public void SampleBatch_DifferentEpochs_DifferentTriples()
    {
        var sampler = new BprSampler(TestData.Synthetic().Train, seed: 1);

        Assert.NotEqual(sampler.SampleBatch(0, 0, 32).Users, sampler.SampleBatch(1, 0, 32).Users);
    }
}
