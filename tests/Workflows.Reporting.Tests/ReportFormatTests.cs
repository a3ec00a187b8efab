namespace Workflows.Reporting.Tests;

public sealed class ReportFormatTests
{
    [Theory]
    [InlineData(1.0, "100.0 %")]
    [InlineData(0.43149, "43.1 %")]
    [InlineData(0.0424, "4.24 %")]
    [InlineData(0.005154, "0.515 %")]
    [InlineData(0.0, "0.000 %")]
    public void Percent_Fraction_HasThreeSignificantDigitsAndUnit(double fraction, string expected) =>
        Assert.Equal(expected, ReportFormat.Percent(fraction));

    [Theory]
    [InlineData(0.210249, "0.2102")]
    [InlineData(0.05, "0.0500")]
    public void Metric_Value_HasFourDecimals(double value, string expected) => Assert.Equal(expected, ReportFormat.Metric(value));

    [Fact]
    public void Metric_Missing_IsDash() => Assert.Equal("–", ReportFormat.Metric(null));

    [Theory]
    [InlineData(3.14159, "3.1 s")]
    [InlineData(99.94, "99.9 s")]
    [InlineData(1234.4, "1234 s")]
    [InlineData(5400, "5400 s (1.5 h)")]
    public void Seconds_Duration_IsRoundedWithUnit(double seconds, string expected) => Assert.Equal(expected, ReportFormat.Seconds(seconds));
}
