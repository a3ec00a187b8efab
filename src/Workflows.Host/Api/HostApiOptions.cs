using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Workflows.Host.Api;

/// <summary>
/// <c>Workflows:Api</c>: where the standalone host's HTTP API listens. Loopback unless configured otherwise:
/// <code>
/// "Workflows": { "Api": { "BindAddress": "127.0.0.1", "Port": 5080 } }
/// </code>
/// </summary>
public sealed class HostApiOptions : IValidatableObject
{
    public const string Section = "Workflows:Api";

    /// <summary>An IP address; <c>0.0.0.0</c> exposes the API beyond this machine (it has no authentication of its own).</summary>
    public string BindAddress { get; set; } = IPAddress.Loopback.ToString();

    /// <summary>0 picks a free port.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5080;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(BindAddress, out _))
        {
            yield return new ValidationResult($"{Section}:BindAddress '{BindAddress}' is not an IP address", [nameof(BindAddress)]);
        }
    }
}
