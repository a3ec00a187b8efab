using System.Buffers.Binary;

namespace Workflows.Reporting.Tests;

/// <summary>The image size a PNG declares, read from its signature and first (IHDR) chunk.</summary>
internal static class PngHeader
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height) Read(ReadOnlySpan<byte> png)
    {
        Assert.True(png.Length > 33, $"{png.Length} bytes cannot hold a PNG header");
        Assert.True(png[..8].SequenceEqual(Signature), "no PNG signature");
        Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(png[8..12]));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png[12..16]));
        return (BinaryPrimitives.ReadInt32BigEndian(png[16..20]), BinaryPrimitives.ReadInt32BigEndian(png[20..24]));
    }
}
