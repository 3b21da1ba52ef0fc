using System;
using System.Text;

namespace ZApi.Status.MediaModule.Images
{
    /// <summary>
    /// Tells whether an ICC profile describes sRGB: its red, green and blue colorants and its tone curve are sRGB's.
    /// Only then do the pixels look the same to an app that drops the profile, as many viewers of a status do; a
    /// Display P3 photo (an iPhone's) or an Adobe RGB one looks dull there until it is converted.
    /// </summary>
    internal static class SrgbProfile
    {
        /// <summary>Profiles of sRGB round their colorants differently; a wide-gamut one differs by 0.07 or more.</summary>
        private const double ColorantTolerance = 0.01;

        /// <summary>sRGB's curve gives 0.214 at half input; gamma 2.2 gives 0.218 and looks the same, gamma 1.8 (0.287) does not.</summary>
        private const double SrgbAtHalf = 0.2140;

        private const double CurveTolerance = 0.02;

        /// <summary>sRGB's colorants adapted to D50, as ICC profiles store them (X, Y, Z of red, green, blue).</summary>
        private static readonly double[][] Colorants =
        {
            new[] { 0.4361, 0.2225, 0.0139 },
            new[] { 0.3851, 0.7169, 0.0971 },
            new[] { 0.1431, 0.0606, 0.7141 },
        };

        private static readonly string[] ColorantTags = { "rXYZ", "gXYZ", "bXYZ" };

        private static readonly string[] CurveTags = { "rTRC", "gTRC", "bTRC" };

        /// <summary>True for a profile of sRGB; false for any other, and for one that cannot be read.</summary>
        public static bool Matches(byte[] profile)
        {
            for (int channel = 0; channel < 3; channel++)
            {
                double[]? xyz = ReadXyz(profile, ColorantTags[channel]);
                if (xyz == null)
                {
                    return false;
                }

                for (int i = 0; i < 3; i++)
                {
                    if (Math.Abs(xyz[i] - Colorants[channel][i]) > ColorantTolerance)
                    {
                        return false;
                    }
                }

                double? half = CurveAtHalf(profile, CurveTags[channel]);
                if (half == null || Math.Abs(half.Value - SrgbAtHalf) > CurveTolerance)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The offset of the data of tag <paramref name="signature"/> with at least <paramref name="minimum"/> bytes, or -1.</summary>
        private static int FindTag(byte[] profile, string signature, int minimum)
        {
            if (profile.Length < 132)
            {
                return -1;
            }

            long count = UInt32(profile, 128);
            for (long tag = 0; tag < count && 132 + (12 * (tag + 1)) <= profile.Length; tag++)
            {
                int entry = (int)(132 + (12 * tag));
                if (Encoding.ASCII.GetString(profile, entry, 4) != signature)
                {
                    continue;
                }

                long offset = UInt32(profile, entry + 4);
                long size = UInt32(profile, entry + 8);
                return size >= minimum && offset + size <= profile.Length ? (int)offset : -1;
            }

            return -1;
        }

        private static double[]? ReadXyz(byte[] profile, string signature)
        {
            int offset = FindTag(profile, signature, 20);
            if (offset < 0 || Encoding.ASCII.GetString(profile, offset, 4) != "XYZ ")
            {
                return null;
            }

            return new[] { Fixed(profile, offset + 8), Fixed(profile, offset + 12), Fixed(profile, offset + 16) };
        }

        /// <summary>The tone curve's output for an input of one half, from a 'curv' or a 'para' tag; null when it cannot be read.</summary>
        private static double? CurveAtHalf(byte[] profile, string signature)
        {
            int offset = FindTag(profile, signature, 12);
            if (offset < 0)
            {
                return null;
            }

            string type = Encoding.ASCII.GetString(profile, offset, 4);
            if (type == "curv")
            {
                long entries = UInt32(profile, offset + 8);
                if (entries == 0)
                {
                    return 0.5;
                }

                if (entries == 1 && offset + 14 <= profile.Length)
                {
                    double gamma = UInt16(profile, offset + 12) / 256.0;
                    return Math.Pow(0.5, gamma);
                }

                if (offset + 12 + (2 * entries) > profile.Length)
                {
                    return null;
                }

                double position = (entries - 1) / 2.0;
                int below = (int)Math.Floor(position);
                int above = Math.Min(below + 1, (int)entries - 1);
                double low = UInt16(profile, offset + 12 + (2 * below)) / 65535.0;
                double high = UInt16(profile, offset + 12 + (2 * above)) / 65535.0;
                return low + ((high - low) * (position - below));
            }

            if (type == "para")
            {
                int function = UInt16(profile, offset + 8);
                int[] parameterCounts = { 1, 3, 4, 5, 7 };
                if (function >= parameterCounts.Length || offset + 12 + (4 * parameterCounts[function]) > profile.Length)
                {
                    return null;
                }

                var p = new double[7];
                for (int i = 0; i < parameterCounts[function]; i++)
                {
                    p[i] = Fixed(profile, offset + 12 + (4 * i));
                }

                return Parametric(function, p, 0.5);
            }

            return null;
        }

        /// <summary>ICC's parametric curves: g, a, b, c, d, e, f as the specification names them.</summary>
        private static double Parametric(int function, double[] p, double x)
        {
            double g = p[0], a = p[1], b = p[2], c = p[3], d = p[4], e = p[5], f = p[6];
            switch (function)
            {
                case 0: return Math.Pow(x, g);
                case 1: return x >= -b / a ? Math.Pow((a * x) + b, g) : 0;
                case 2: return x >= -b / a ? Math.Pow((a * x) + b, g) + c : c;
                case 3: return x >= d ? Math.Pow((a * x) + b, g) : c * x;
                default: return x >= d ? Math.Pow((a * x) + b, g) + e : (c * x) + f;
            }
        }

        private static long UInt32(byte[] bytes, int offset) =>
            ((long)bytes[offset] << 24) | ((long)bytes[offset + 1] << 16) | ((long)bytes[offset + 2] << 8) | bytes[offset + 3];

        private static int UInt16(byte[] bytes, int offset) => (bytes[offset] << 8) | bytes[offset + 1];

        /// <summary>An s15Fixed16Number.</summary>
        private static double Fixed(byte[] bytes, int offset) => unchecked((int)UInt32(bytes, offset)) / 65536.0;
    }
}
