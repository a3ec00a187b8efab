namespace Workflows.Infrastructure.Options;

/// <summary>The root of the one settings tree every Workflows host shares (<c>Workflows:*</c>).</summary>
public static class WorkflowsSettings
{
    public const string Root = "Workflows";
}
