namespace Workflows.Reporting;

/// <summary>
/// A report's content independent of its format: <see cref="MarkdownReportRenderer"/> and <see cref="HtmlReportRenderer"/>
/// render the same document, so <c>report.md</c> and <c>report.html</c> never disagree. Text is plain (renderers escape it).
/// </summary>
public sealed record ReportDocument(string Title, IReadOnlyList<ReportBlock> Blocks);

public abstract record ReportBlock;

public sealed record ReportHeading(string Text) : ReportBlock;

public sealed record ReportParagraph(string Text) : ReportBlock;

public sealed record ReportList(IReadOnlyList<string> Items) : ReportBlock;

/// <summary>Every row has one cell per column.</summary>
public sealed record ReportTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock;

public sealed record ReportFigure(RenderedPlot Plot) : ReportBlock;
