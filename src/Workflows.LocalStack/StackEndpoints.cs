namespace Workflows.LocalStack;

/// <summary>What clients of the running stack connect to.</summary>
/// <param name="StorageConnectionString">Azurite: Blob, Queue and Table endpoints with the development account.</param>
/// <param name="ServiceBusConnectionString">The loopback broker, for the real <c>ServiceBusClient</c>.</param>
/// <param name="HostUrl">The standalone host's HTTP API base (e.g. <c>http://127.0.0.1:5123/</c>).</param>
/// <param name="ServiceBusAdministrationConnectionString">The broker's management endpoint, for <c>ServiceBusAdministrationClient</c> (queue depth).</param>
public sealed record StackEndpoints(string StorageConnectionString, string ServiceBusConnectionString, Uri HostUrl, string ServiceBusAdministrationConnectionString);
