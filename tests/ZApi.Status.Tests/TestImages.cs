using Microsoft.AspNetCore.Builder;
using System.Net.Http.Json;
using System.Security;
using ZApi.Sandbox;

namespace ZApi.Status.Tests;

/// <summary>Test images: real headers with deterministic bodies of any size.</summary>
public static class TestImages
{
    public static readonly byte[] PngHeader = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

    public static byte[] Png(int length)
    {
        var bytes = new byte[Math.Max(length, PngHeader.Length)];
        new Random(length).NextBytes(bytes);
        PngHeader.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>
    /// An MP4 (major brand isom) or 3GP (3gp4) of <paramref name="length"/> bytes (at least 40): the top-level boxes
    /// of a playable file, ftyp, an empty moov and an mdat of noise.
    /// </summary>
    public static byte[] Video(int length, string brand = "isom")
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        byte[] mdatSize = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(mdatSize, length - 32);
        byte[] ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);
        byte[] header = [0, 0, 0, 24, .. ascii("ftyp" + brand), 0, 0, 0, 0, .. ascii(brand + "isom"), 0, 0, 0, 8, .. ascii("moov"), .. mdatSize, .. ascii("mdat")];
        header.CopyTo(bytes, 0);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
