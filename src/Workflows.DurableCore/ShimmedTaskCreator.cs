using DurableTask.Core;

namespace Workflows.DurableCore;

/// <summary>
/// Hands DurableTask.Core a fresh shimmed class-based orchestrator or activity per execution; <paramref name="create"/>
/// builds it (with its dependencies from DI) and shims it.
/// </summary>
internal sealed class ShimmedTaskCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> create;

    public ShimmedTaskCreator(string name, Func<T> create)
    {
        Name = name;
        Version = string.Empty;
        this.create = create;
    }

    public override T Create() => create();
}
