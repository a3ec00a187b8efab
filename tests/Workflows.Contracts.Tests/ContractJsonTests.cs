namespace Workflows.Contracts.Tests;

public class ContractJsonTests
{
    [Fact]
    public void Deserialize_MisplacedField_NamesTheFieldAndLineNotTheDotNetType()
    {
        const string spec = """
            {
              "family": "lottery-ticket",
              "lotteryTicket": {
                "backbone": "mf"
              }
            }
            """;

        var error = Assert.Single(Assert.Throws<ContractValidationException>(() => ContractJson.Deserialize<RunSpec>(spec, "spec.json")).Errors);

        Assert.Equal("lotteryTicket.backbone", error.Field);
        Assert.Equal("'backbone' is not a known field here (a typo, or a field of another section?) (line 4)", error.Message);
    }

    [Fact]
    public void Deserialize_UnknownEnumValue_KeepsTheSerializersMessageWithPathAndLine()
    {
        var error = Assert.Single(Assert.Throws<ContractValidationException>(() => ContractJson.Deserialize<RunSpec>("""{ "family": "nope" }""", "spec.json")).Errors);

        Assert.Equal("family", error.Field);
        Assert.EndsWith("(line 1)", error.Message);
        Assert.DoesNotContain("Path:", error.Message);
    }
}
