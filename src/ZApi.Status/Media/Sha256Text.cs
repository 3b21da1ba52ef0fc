using System.Globalization;
using System.Text;

namespace ZApi.Status.Media
{
    /// <summary>A SHA-256 as the status history writes it: lower-case hex.</summary>
    internal static class Sha256Text
    {
        public static string Of(byte[] hash)
        {
            var text = new StringBuilder(hash.Length * 2);
            foreach (byte b in hash)
            {
                text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }
    }
}
