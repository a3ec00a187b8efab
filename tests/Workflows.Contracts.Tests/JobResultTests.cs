namespace Workflows.Contracts.Tests;

public class JobResultTests
{
    private const string WithoutDevice = """
        {
          "jobId": "r.cosmo.train", "runId": "r", "kind": "cosmo.train", "attempt": 2, "workerId": "w",
          "startedAt": "2026-12-01T08:00:00+00:00", "finishedAt": "2026-12-01T08:00:30+00:00"
        }
        """;

    [Fact]
    public void Deserialize_ResultWrittenBeforeDevicesWereRecorded_HasNoDevice()
    {
        var result = ContractJson.Deserialize<JobResult>(WithoutDevice, "result.json");

        Assert.Null(result.Device);
        Assert.Equal(("r.cosmo.train", 2), (result.JobId, result.Attempt));
    }

    [Fact]
    public void SerializeThenDeserialize_Device_RoundTrips()
    {
        var result = ContractJson.Deserialize<JobResult>(WithoutDevice, "result.json") with { Device = "cuda (A100)" };

        string json = ContractJson.Serialize(result);

        Assert.Contains("\"device\":\"cuda (A100)\"", json, StringComparison.Ordinal);
        Assert.Equal("cuda (A100)", ContractJson.Deserialize<JobResult>(json, "result.json").Device);
    }

    [Fact]
    public void Serialize_NoDevice_LeavesTheFieldOut() =>
        Assert.DoesNotContain("device", ContractJson.Serialize(ContractJson.Deserialize<JobResult>(WithoutDevice, "result.json")), StringComparison.Ordinal);
}
