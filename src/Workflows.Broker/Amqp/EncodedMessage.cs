using System.Buffers.Binary;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace Workflows.Broker.Amqp;

/// <summary>
/// An AMQP message split into its sections. Only the header, message annotations and properties are decoded;
/// the properties, application properties and body keep their original bytes, because decoding and re-encoding
/// would drop or reshape values the client sent.
/// </summary>
internal sealed class EncodedMessage
{
    const ulong HeaderCode = 0x70;
    const ulong DeliveryAnnotationsCode = 0x71;
    const ulong MessageAnnotationsCode = 0x72;
    const ulong PropertiesCode = 0x73;
    const ulong ApplicationPropertiesCode = 0x74;
    const ulong DataCode = 0x75;
    const ulong FooterCode = 0x78;

    EncodedMessage()
    {
    }

    public Header Header { get; private set; } = new();

    public MessageAnnotations? Annotations { get; private set; }

    public Properties? Properties { get; private set; }

    public ReadOnlyMemory<byte> PropertiesBytes { get; private set; }

    public ReadOnlyMemory<byte> ApplicationPropertiesBytes { get; private set; }

    /// <summary>Body sections and footer, verbatim.</summary>
    public ReadOnlyMemory<byte> BodyBytes { get; private set; }

    /// <exception cref="FormatException">The bytes are not a well-formed AMQP message.</exception>
    public static EncodedMessage Parse(ReadOnlyMemory<byte> bytes)
    {
        var message = new EncodedMessage();
        var bodyStart = -1;
        var position = 0;
        while (position < bytes.Length)
        {
            var start = position;
            var code = ReadSectionDescriptor(bytes.Span, ref position);
            SkipValue(bytes.Span, ref position);
            var section = bytes[start..position];
            switch (code)
            {
                case HeaderCode:
                    message.Header = Decode<Header>(section);
                    break;
                case DeliveryAnnotationsCode:
                    break;
                case MessageAnnotationsCode:
                    message.Annotations = Decode<MessageAnnotations>(section);
                    break;
                case PropertiesCode:
                    message.Properties = Decode<Properties>(section);
                    message.PropertiesBytes = section;
                    break;
                case ApplicationPropertiesCode:
                    message.ApplicationPropertiesBytes = section;
                    break;
                case >= DataCode and <= FooterCode:
                    bodyStart = bodyStart < 0 ? start : bodyStart;
                    break;
                default:
                    throw new FormatException($"Unknown message section descriptor 0x{code:x}.");
            }

            if (bodyStart >= 0 && code < DataCode)
            {
                throw new FormatException("A message section follows the body.");
            }
        }

        message.BodyBytes = bodyStart < 0 ? ReadOnlyMemory<byte>.Empty : bytes[bodyStart..];
        return message;
    }

    /// <summary>The encoded messages carried as data sections of a batch (message format 0x80013700).</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> SplitBatch(ReadOnlyMemory<byte> bytes)
    {
        var messages = new List<ReadOnlyMemory<byte>>();
        var position = 0;
        while (position < bytes.Length)
        {
            var code = ReadSectionDescriptor(bytes.Span, ref position);
            var valueStart = position;
            SkipValue(bytes.Span, ref position);
            if (code == DataCode)
            {
                messages.Add(BinaryContent(bytes[valueStart..position]));
            }
        }

        return messages;
    }

    static ReadOnlyMemory<byte> BinaryContent(ReadOnlyMemory<byte> value) => value.Span[0] switch
    {
        0xa0 => value[2..],
        0xb0 => value[5..],
        _ => throw new FormatException("A batch data section does not hold binary."),
    };

    static T Decode<T>(ReadOnlyMemory<byte> section)
        where T : class, Microsoft.Azure.Amqp.Encoding.IAmqpSerializable, new()
    {
        var bytes = section.ToArray();
        using var buffer = new ByteBuffer(bytes, 0, bytes.Length);
        try
        {
            return AmqpCodec.DecodeKnownType<T>(buffer)
                ?? throw new FormatException($"The {typeof(T).Name} section is empty.");
        }
        catch (Exception error) when (error is AmqpException or InvalidCastException or ArgumentException)
        {
            throw new FormatException($"The {typeof(T).Name} section could not be decoded: {error.Message}", error);
        }
    }

    static ulong ReadSectionDescriptor(ReadOnlySpan<byte> bytes, ref int position)
    {
        if (Take(bytes, ref position, 1)[0] != 0x00)
        {
            throw new FormatException("A message section is not a described type.");
        }

        return Take(bytes, ref position, 1)[0] switch
        {
            0x53 => Take(bytes, ref position, 1)[0],
            0x80 => BinaryPrimitives.ReadUInt64BigEndian(Take(bytes, ref position, 8)),
            _ => throw new FormatException("Message sections must use numeric descriptors."),
        };
    }

    /// <summary>Advances past one encoded AMQP value (AMQP 1.0 part 1, section 1.6).</summary>
    static void SkipValue(ReadOnlySpan<byte> bytes, ref int position)
    {
        var formatCode = Take(bytes, ref position, 1)[0];
        if (formatCode == 0x00)
        {
            SkipValue(bytes, ref position);
            SkipValue(bytes, ref position);
            return;
        }

        var width = formatCode switch
        {
            >= 0x40 and <= 0x45 => 0,
            >= 0x50 and <= 0x56 => 1,
            0x60 or 0x61 => 2,
            >= 0x70 and <= 0x74 => 4,
            >= 0x80 and <= 0x84 => 8,
            0x94 or 0x98 => 16,
            0xa0 or 0xa1 or 0xa3 or 0xc0 or 0xc1 or 0xe0 => Take(bytes, ref position, 1)[0],
            0xb0 or 0xb1 or 0xb3 or 0xd0 or 0xd1 or 0xf0 => checked((int)BinaryPrimitives.ReadUInt32BigEndian(Take(bytes, ref position, 4))),
            _ => throw new FormatException($"Unknown AMQP format code 0x{formatCode:x2}."),
        };
        Take(bytes, ref position, width);
    }

    static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> bytes, ref int position, int count)
    {
        if (count < 0 || count > bytes.Length - position)
        {
            throw new FormatException("The message ends inside a value.");
        }

        var taken = bytes.Slice(position, count);
        position += count;
        return taken;
    }
}
