using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ZApi.Status.Media
{
    /// <summary>
    /// The small JSON objects Z-API takes. System.Text.Json does the escaping, so quotes, backslashes, control
    /// characters and emoji in a caption reach Z-API as the user typed them.
    /// </summary>
    internal static class JsonBody
    {
        public static readonly MediaTypeHeaderValue MediaType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            // Relaxed: emoji and accents travel as UTF-8, not \uXXXX; the body is JSON, never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>A JSON object of the fields whose value is not null, in the order given.</summary>
        public static byte[] Serialize(IEnumerable<KeyValuePair<string, string?>> fields)
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
                {
                    writer.WriteStartObject();
                    foreach (var field in fields)
                    {
                        if (field.Value != null)
                        {
                            writer.WriteString(field.Key, field.Value);
                        }
                    }

                    writer.WriteEndObject();
                }

                return buffer.ToArray();
            }
        }

        public static HttpContent Content(IEnumerable<KeyValuePair<string, string?>> fields)
        {
            var content = new ByteArrayContent(Serialize(fields));
            content.Headers.ContentType = MediaType;
            return content;
        }
    }
}
