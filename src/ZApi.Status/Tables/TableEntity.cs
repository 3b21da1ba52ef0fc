using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ZApi.Status.Tables
{
    /// <summary>
    /// One entity of a table: its keys, its properties (strings, 32-bit numbers and dates), and the ETag it was read or
    /// written with. Dates travel as Edm.DateTime, which the JSON without metadata gives back as plain text, so a
    /// reader asks for a property by the type it wrote.
    /// </summary>
    internal sealed class TableEntity
    {
        // Captions in any language stay readable in the table; nothing here is embedded in HTML.
        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private readonly Dictionary<string, object> _properties = new Dictionary<string, object>(StringComparer.Ordinal);

        public TableEntity(string partitionKey, string rowKey, string? etag = null)
        {
            PartitionKey = partitionKey;
            RowKey = rowKey;
            ETag = etag;
        }

        public string PartitionKey { get; }

        public string RowKey { get; }

        /// <summary>The ETag header as the service sent it (a weak one, W/"datetime'…'"), to be sent back byte for byte.</summary>
        public string? ETag { get; }

        /// <summary>Sets a text property; null leaves it out.</summary>
        public TableEntity Set(string name, string? value)
        {
            Put(name, value);
            return this;
        }

        public TableEntity Set(string name, int value)
        {
            Put(name, value);
            return this;
        }

        /// <summary>Sets a date property, stored in UTC as Edm.DateTime; null leaves it out.</summary>
        public TableEntity Set(string name, DateTimeOffset? value)
        {
            Put(name, value?.ToUniversalTime());
            return this;
        }

        /// <summary>The names of the properties it holds, keys aside.</summary>
        public IEnumerable<string> PropertyNames => _properties.Keys;

        public string? GetString(string name) => _properties.TryGetValue(name, out object? value) ? value as string : null;

        public int? GetInt32(string name) =>
            _properties.TryGetValue(name, out object? value) ? value as int? ?? (value is long wide && wide >= int.MinValue && wide <= int.MaxValue ? (int)wide : (int?)null) : null;

        /// <summary>A date property, whether it came back as Edm.DateTime text or was set here; null when absent or not a date.</summary>
        public DateTimeOffset? GetDateTime(string name)
        {
            if (!_properties.TryGetValue(name, out object? value))
            {
                return null;
            }

            return value is DateTimeOffset date ? date
                : value is string text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed) ? parsed
                : (DateTimeOffset?)null;
        }

        /// <summary>The entity as the table service takes it: keys, properties, and the type annotation of each date.</summary>
        public byte[] ToJson()
        {
            var buffer = new MemoryStream(512);
            using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            {
                json.WriteStartObject();
                json.WriteString("PartitionKey", PartitionKey);
                json.WriteString("RowKey", RowKey);
                foreach (KeyValuePair<string, object> property in _properties)
                {
                    switch (property.Value)
                    {
                        case string text:
                            json.WriteString(property.Key, text);
                            break;
                        case int number:
                            json.WriteNumber(property.Key, number);
                            break;
                        case DateTimeOffset date:
                            json.WriteString(property.Key + "@odata.type", "Edm.DateTime");
                            // Seven decimals: the table keeps a date to the tick, so what is read back is what was written.
                            json.WriteString(property.Key, date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                            break;
                    }
                }

                json.WriteEndObject();
            }

            return buffer.ToArray();
        }

        /// <summary>An entity from a JSON object without metadata; null when it has no keys.</summary>
        public static TableEntity? FromJson(JsonElement json, string? etag)
        {
            if (json.ValueKind != JsonValueKind.Object
                || !json.TryGetProperty("PartitionKey", out JsonElement partitionKey) || partitionKey.ValueKind != JsonValueKind.String
                || !json.TryGetProperty("RowKey", out JsonElement rowKey) || rowKey.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var entity = new TableEntity(partitionKey.GetString()!, rowKey.GetString()!, etag);
            foreach (JsonProperty property in json.EnumerateObject())
            {
                if (property.Name == "PartitionKey" || property.Name == "RowKey" || property.Name.IndexOf('@') >= 0)
                {
                    continue;
                }

                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    entity._properties[property.Name] = property.Value.GetString()!;
                }
                else if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out long number))
                {
                    entity._properties[property.Name] = number;
                }
            }

            return entity;
        }

        private void Put(string name, object? value)
        {
            if (value == null)
            {
                _properties.Remove(name);
            }
            else
            {
                _properties[name] = value;
            }
        }
    }
}
