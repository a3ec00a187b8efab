namespace Workflows.Orchestration.Durable;

/// <summary>
/// Instance ids of sub-orchestrations, derived from what they run so that job outcomes can be routed to them.
/// </summary>
/// <remarks>
/// Generation 0 (the first execution of a run) uses the id itself; a retried run (generation n &gt; 0) appends
/// <c>~g{n}</c>, so children of an earlier, possibly still winding-down execution never collide with the new ones.
/// </remarks>
public static class SubOrchestrationIds
{
    public static string For(string id, int generation) => generation == 0 ? id : $"{id}~g{generation}";
}
