using System;
using System.Text;

namespace ZApi.Status.History
{
    /// <summary>
    /// A status's identity in memory: the 32 bytes of its SHA-256 key as four numbers, so an index of 100,000
    /// statuses costs a few megabytes instead of 100,000 hex strings.
    /// </summary>
    internal readonly struct HistoryKey : IEquatable<HistoryKey>
    {
        private readonly ulong _a;
        private readonly ulong _b;
        private readonly ulong _c;
        private readonly ulong _d;

        private HistoryKey(ulong a, ulong b, ulong c, ulong d)
        {
            _a = a;
            _b = b;
            _c = c;
            _d = d;
        }

        public static HistoryKey FromHash(byte[] hash) =>
            new HistoryKey(ReadUInt64(hash, 0), ReadUInt64(hash, 8), ReadUInt64(hash, 16), ReadUInt64(hash, 24));

        /// <summary>Parses 64 hex digits (either case); false for anything else.</summary>
        public static bool TryParse(string? hex, out HistoryKey key)
        {
            key = default;
            return hex != null && hex.Length == 64 && TryParse(Encoding.ASCII.GetBytes(hex), out key);
        }

        /// <summary>Parses 64 ASCII hex digits straight from a history line's bytes, allocating nothing.</summary>
        public static bool TryParse(ReadOnlySpan<byte> hex, out HistoryKey key)
        {
            key = default;
            if (hex.Length != 64)
            {
                return false;
            }

            var parts = new ulong[4];
            for (int i = 0; i < 64; i++)
            {
                int digit = HexValue(hex[i]);
                if (digit < 0)
                {
                    return false;
                }

                parts[i / 16] = (parts[i / 16] << 4) | (uint)digit;
            }

            key = new HistoryKey(parts[0], parts[1], parts[2], parts[3]);
            return true;
        }

        public bool Equals(HistoryKey other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

        public override bool Equals(object? obj) => obj is HistoryKey other && Equals(other);

        // The key is a cryptographic hash: any 64 of its bits are already evenly spread.
        public override int GetHashCode() => (int)_a ^ (int)(_a >> 32);

        /// <summary>64 lower-case hex digits, as the history file stores the key.</summary>
        public override string ToString() => _a.ToString("x16") + _b.ToString("x16") + _c.ToString("x16") + _d.ToString("x16");

        private static ulong ReadUInt64(byte[] bytes, int offset)
        {
            ulong value = 0;
            for (int i = 0; i < 8; i++)
            {
                value = (value << 8) | bytes[offset + i];
            }

            return value;
        }

        private static int HexValue(int c) =>
            c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1;
    }
}
