using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace Haumai.Tests.Support;

/// <summary>Small real files for upload tests.</summary>
public static class TestFiles
{
    /// <summary>A valid 1×1 PNG (signature, IHDR, IDAT, IEND, each chunk with its CRC).</summary>
    public static byte[] OnePixelPng(byte red = 0xC0, byte green = 0x39, byte blue = 0x2B)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(0), 1); // width
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 1); // height
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour
        // compression, filter, interlace: 0
        Chunk(png, "IHDR", header);

        using (var pixels = new MemoryStream())
        {
            using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write([0, red, green, blue]); // filter byte "none", then one RGB pixel
            }
            Chunk(png, "IDAT", pixels.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>The start of a Windows executable ("MZ" header) padded to a size.</summary>
    public static byte[] Executable(int length = 512)
    {
        var bytes = new byte[length];
        bytes[0] = (byte)'M';
        bytes[1] = (byte)'Z';
        bytes[2] = 0x90;
        "This program cannot be run in DOS mode."u8.CopyTo(bytes.AsSpan(78));
        return bytes;
    }

    /// <summary>A multipart form with the file in the field <c>file</c>, as the API expects.</summary>
    public static MultipartFormDataContent Form(byte[] bytes, string fileName, string contentType, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value, Encoding.UTF8), name);
        }
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        return form;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
