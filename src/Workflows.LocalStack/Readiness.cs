using System.Net.Sockets;

namespace Workflows.LocalStack;

/// <summary>Waits until a started program serves: a TCP port accepts, or an HTTP endpoint answers 2xx.</summary>
internal static class Readiness
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static Task WaitForPortAsync(StackProcess process, int port, CancellationToken cancellationToken) =>
        PollAsync(process, async ct =>
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port, ct);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, cancellationToken);

    public static Task WaitForHttpAsync(StackProcess process, HttpClient http, Uri url, CancellationToken cancellationToken) =>
        PollAsync(process, async ct =>
        {
            try
            {
                using var response = await http.GetAsync(url, ct);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, cancellationToken);

    private static async Task PollAsync(StackProcess process, Func<CancellationToken, Task<bool>> probe, CancellationToken cancellationToken)
    {
        while (!await probe(cancellationToken))
        {
            if (process.HasExited)
            {
                throw process.ExitedEarly();
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
