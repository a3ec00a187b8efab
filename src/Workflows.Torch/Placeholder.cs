namespace Workflows.Torch;
internal static class Placeholder { }
