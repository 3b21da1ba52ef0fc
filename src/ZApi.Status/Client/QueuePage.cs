using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ZApi.Status.Client
{
    /// <summary>
    /// One page of Z-API's queue as POST .../queue answers it: {"messages": [...], "pagingState": "...", "hasMore": true}.
    /// Each message has (PascalCase) ZaapId, MessageId, Phone, Message and Created, milliseconds since 1970 (or
    /// CreatedAt, text); names are read in any case.
    /// </summary>
    internal sealed class QueuePage
    {
        private static readonly long EarliestMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
        private static readonly long LatestMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

        private QueuePage(IReadOnlyList<ZApiQueuedMessage> messages, string? pagingState, bool hasMore)
        {
            Messages = messages;
            PagingState = pagingState;
            HasMore = hasMore;
        }

        public IReadOnlyList<ZApiQueuedMessage> Messages { get; }

        /// <summary>The cursor of the next page.</summary>
        public string? PagingState { get; }

        public bool HasMore { get; }

        /// <summary>The body that asks for a page: {} for the first, then the cursor of the page before.</summary>
        public static HttpContent Request(int pageSize, string? pagingState)
        {
            var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteNumber("pageSize", pageSize);
                if (pagingState != null)
                {
                    json.WriteString("pagingState", pagingState);
                }

                json.WriteEndObject();
            }

            var content = new ByteArrayContent(buffer.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return content;
        }

        /// <summary>The page in an answer, or null when the answer is not one (no messages array).</summary>
        public static QueuePage? Parse(string body)
        {
            try
            {
                using (JsonDocument document = JsonDocument.Parse(body))
                {
                    JsonElement root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object || !TryGet(root, "messages", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
                    {
                        return null;
                    }

                    var messages = new List<ZApiQueuedMessage>();
                    foreach (JsonElement item in list.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.Object && (Text(item, "ZaapId") ?? Text(item, "_id")) is string zaapId)
                        {
                            messages.Add(new ZApiQueuedMessage(zaapId, Text(item, "MessageId"), Created(item), Text(item, "Phone"), Text(item, "Message")));
                        }
                    }

                    bool hasMore = TryGet(root, "hasMore", out JsonElement more) && more.ValueKind == JsonValueKind.True;
                    return new QueuePage(messages, Text(root, "pagingState"), hasMore);
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static DateTime? Created(JsonElement item)
        {
            // A number outside the calendar (seconds or microseconds taken for milliseconds can be) is no time at all.
            if (TryGet(item, "Created", out JsonElement created) && created.ValueKind == JsonValueKind.Number && created.TryGetInt64(out long milliseconds)
                && milliseconds >= EarliestMilliseconds && milliseconds <= LatestMilliseconds)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).LocalDateTime;
            }

            return Text(item, "CreatedAt") is string text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.RoundtripKind, out DateTimeOffset at)
                ? at.LocalDateTime
                : (DateTime?)null;
        }

        private static string? Text(JsonElement item, string name) =>
            TryGet(item, name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
                ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
                : null;

        private static bool TryGet(JsonElement item, string name, out JsonElement value)
        {
            foreach (JsonProperty property in item.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }

            value = default;
            return false;
        }
    }
}
