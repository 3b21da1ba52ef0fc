using System.Buffers.Binary;
using System.Text;
using ZApi.Shared.Sniffing;

namespace ZApi.Status.Tests;

/// <summary>The top-level box walk that tells a playable MP4 or 3GP from an ftyp box with nothing usable behind it.</summary>
public sealed class IsoMediaLayoutTests
{
    private static readonly byte[] Ftyp = Box("ftyp", Encoding.ASCII.GetBytes("isom\0\0\x02\0isomiso2mp41"));

    private static readonly byte[] Moov = Box("moov", Box("mvhd", new byte[100]));

    /// <summary>A box with a 32-bit size, or with <paramref name="claimed"/> in place of its real size.</summary>
    private static byte[] Box(string type, byte[] body, long? claimed = null)
    {
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)(claimed ?? box.Length));
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        body.CopyTo(box, 8);
        return box;
    }

    /// <summary>A box whose size is the 64-bit one after its type.</summary>
    private static byte[] LargeBox(string type, byte[] body, long? claimed = null)
    {
        var box = new byte[16 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, 1);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        BinaryPrimitives.WriteInt64BigEndian(box.AsSpan(8), claimed ?? box.Length);
        body.CopyTo(box, 16);
        return box;
    }

    private static byte[] Data(int length) => new byte[length];

    private static string? Defect(params byte[][] boxes) => IsoMediaLayout.FindDefect(new MemoryStream(boxes.SelectMany(b => b).ToArray()));

    [Fact]
    public void Whole_files_with_their_index_and_samples_pass_in_any_order_and_box_size_form()
    {
        Assert.Null(Defect(Ftyp, Moov, Box("mdat", Data(5000))));
        Assert.Null(Defect(Ftyp, Box("free", []), LargeBox("mdat", Data(5000)), Moov));
        Assert.Null(Defect(Ftyp, Moov, Box("mdat", Data(5000), claimed: 0)));
        Assert.Null(Defect(Ftyp, Moov, Box("moof", Data(20)), Box("mdat", Data(300)), Box("moof", Data(20)), Box("mdat", Data(300))));
        Assert.Null(Defect(TestImages.Video(20_000), [0, 0, 0]));
    }

    public static TheoryData<string, byte[], string> Unplayable => new()
    {
        { "an ftyp box and noise", Ftyp.Concat(new Random(1).GetItems(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 4000)).ToArray(), "no valid box" },
        { "an ftyp box alone", Ftyp, "no 'moov' box" },
        { "samples without their index", Ftyp.Concat(Box("mdat", Data(5000))).ToArray(), "no 'moov' box" },
        { "an index without samples", Ftyp.Concat(Moov).ToArray(), "no 'mdat' box" },
        { "samples cut short", Ftyp.Concat(Moov).Concat(Box("mdat", Data(5000), claimed: 9000)).ToArray(), "the file is cut short" },
        { "a 64-bit size past the end", Ftyp.Concat(Moov).Concat(LargeBox("mdat", Data(5000), claimed: 5L << 30)).ToArray(), "the file is cut short" },
        { "a 64-bit size that is negative", Ftyp.Concat(Moov).Concat(LargeBox("mdat", Data(5000), claimed: long.MinValue)).ToArray(), "less than its own header" },
        { "a 64-bit header cut short", Ftyp.Concat(Moov).Concat(LargeBox("mdat", Data(0)).Take(12)).ToArray(), "cut short in its header" },
        { "a size smaller than a box header", Ftyp.Concat(Box("free", Data(8), claimed: 4)).ToArray(), "less than its own header" },
    };

    [Theory]
    [MemberData(nameof(Unplayable))]
    public void Unplayable_files_are_named_with_what_is_wrong(string content, byte[] bytes, string said)
    {
        string? defect = IsoMediaLayout.FindDefect(new MemoryStream(bytes));

        Assert.True(defect?.Contains(said, StringComparison.Ordinal) == true, $"{content}: {defect ?? "no defect"}");
    }

    [Fact]
    public void The_walk_stops_after_a_bounded_number_of_boxes()
    {
        byte[][] boxes = Enumerable.Repeat(Box("free", []), IsoMediaLayout.MaximumBoxes).Prepend(Ftyp).Append(Moov).Append(Box("mdat", Data(10))).ToArray();

        Assert.Contains("no 'moov' box", Defect(boxes));
    }

    [Fact]
    public void Only_box_headers_are_read_not_the_samples()
    {
        var stream = new CountingStream(Ftyp.Concat(Box("mdat", Data(10_000_000))).Concat(Moov).ToArray());

        Assert.Null(IsoMediaLayout.FindDefect(stream));
        Assert.InRange(stream.BytesRead, 1, 64);
    }

    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = base.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }
    }
}
