namespace Workflows.Torch.Tests;

public class SplitMix64Tests
{
    [Fact]
    public void NextUInt64_SeedZero_MatchesReferenceSequence()
    {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var random = new SplitMix64(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
    }

    [Fact]
    public void NextInt_Bound_StaysInRangeAndCoversIt()
    {
        var random = SplitMix64.Derive(1, 2, 3);
        var seen = new bool[7];

        for (var i = 0; i < 1000; i++)
        {
            seen[random.NextInt(7)] = true;
        }

        Assert.All(seen, Assert.True);
    }
}
