using System;
using System.Globalization;
using System.Text.Json;

namespace ZApi.Status.Client
{
    /// <summary>
    /// Reads Z-API's answers, including the undocumented ones seen in practice (400 {"error":...} for credentials
    /// and a disconnected phone, 200 {"value":false} for a failure), into the ids of a queued status or the error that says why not.
    /// </summary>
    internal static class ResponseClassifier
    {
        public static ResponseFields Parse(string? body)
        {
            var fields = new ResponseFields();
            if (string.IsNullOrWhiteSpace(body))
            {
                return fields;
            }

            try
            {
                using (JsonDocument document = JsonDocument.Parse(body!))
                {
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        return fields;
                    }

                    foreach (JsonProperty property in document.RootElement.EnumerateObject())
                    {
                        switch (property.Name)
                        {
                            case "zaapId": fields.ZaapId = AsText(property.Value); break;
                            case "messageId": fields.MessageId = AsText(property.Value); break;
                            case "id": fields.Id = AsText(property.Value); break;
                            case "error":
                            case "message":
                                fields.Error ??= AsText(property.Value);
                                break;
                            case "value": fields.Value = AsBool(property.Value); break;
                            case "connected": fields.Connected = AsBool(property.Value); break;
                            case "smartphoneConnected": fields.SmartphoneConnected = AsBool(property.Value); break;
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON: the caller reports the status code with the body's text.
            }

            return fields;
        }

        /// <summary>A queued status, or the exception that says why not.</summary>
        /// <param name="mayHavePosted">True for a send: a 5xx then leaves the outcome unknown.</param>
        public static QueuedStatus ToSendResult(int statusCode, string body, string instanceId, SecretRedactor redactor, bool mayHavePosted)
        {
            ResponseFields fields = Parse(body);
            if (statusCode >= 200 && statusCode < 300
                && (fields.ZaapId != null || fields.MessageId != null || fields.Id != null))
            {
                return new QueuedStatus(fields.ZaapId, fields.MessageId);
            }

            throw ToException(statusCode, body, fields, instanceId, redactor, mayHavePosted);
        }

        public static ZApiException ToException(int statusCode, string body, ResponseFields fields, string instanceId, SecretRedactor redactor, bool mayHavePosted)
        {
            // Redacted before it is shortened: a cut through a secret would leave most of it unmasked.
            string said = Shorten(redactor.Redact(fields.Error ?? body));
            string answer = string.IsNullOrEmpty(said)
                ? string.Format(CultureInfo.InvariantCulture, "HTTP {0}", statusCode)
                : string.Format(CultureInfo.InvariantCulture, "HTTP {0}: {1}", statusCode, said);
            string error = fields.Error ?? string.Empty;
            // A refused status check posted nothing either, but saying so there would suggest that it tried to.
            string nothingPosted = mayHavePosted ? " Nothing was posted." : string.Empty;

            if (Contains(error, "not connected"))
            {
                return new ZApiException(ZApiErrorId.ZApiInstanceNotConnected,
                    $"The phone of Z-API instance '{instanceId}' is not connected ({answer}). Reconnect it in the Z-API panel; Test-ZApiConnection tells you when it is back.{nothingPosted}",
                    statusCode);
            }

            if (statusCode == 401 || statusCode == 403 || statusCode == 404
                || (statusCode >= 400 && statusCode < 500 && statusCode != 429 && IsAboutCredentials(error)))
            {
                return new ZApiException(ZApiErrorId.ZApiAuthenticationFailed,
                    $"Z-API refused the credentials for instance '{instanceId}' ({answer}). Check the instance id, the instance token and the Client-Token (the account security token), then run Set-ZApiConnection again.{nothingPosted}",
                    statusCode);
            }

            if (statusCode == 429)
            {
                return new ZApiException(ZApiErrorId.ZApiRateLimited,
                    $"Z-API is still throttling requests ({answer}) after the allowed retries.{nothingPosted} Try again later, or raise -MaximumRetryCount or -RetryIntervalSec.",
                    statusCode);
            }

            if (statusCode >= 500 && mayHavePosted)
            {
                return new ZApiException(ZApiErrorId.ZApiOutcomeUnknown,
                    $"Z-API failed while handling the request ({answer}). The status may or may not have been posted: check the phone's status before you send it again.",
                    statusCode);
            }

            if (statusCode >= 200 && statusCode < 300 && fields.Value == false)
            {
                return new ZApiException(ZApiErrorId.ZApiRequestFailed,
                    $"Z-API answered HTTP {statusCode} with \"value\": false: it did not queue the status, so nothing was posted. Check the input and the instance in the Z-API panel, then send it again.",
                    statusCode);
            }

            // Accepted, but without the ids of a queued status (empty, not JSON, {"value":true}, null ids): it may
            // well be queued, and saying "nothing was posted" would invite a public duplicate.
            if (statusCode >= 200 && statusCode < 300 && mayHavePosted)
            {
                return new ZApiException(ZApiErrorId.ZApiOutcomeUnknown,
                    $"Z-API accepted the request ({answer}) but did not answer with the ids of a queued status. The status may or may not have been posted: check the phone's status before you send it again.",
                    statusCode);
            }

            return new ZApiException(ZApiErrorId.ZApiRequestFailed,
                $"Z-API did not accept the request ({answer}).{nothingPosted}",
                statusCode);
        }

        // "... not allowed" is Z-API's documented text for a missing or wrong Client-Token and for a blocked IP:
        // every later request would carry the same token from the same address.
        internal static bool IsAboutCredentials(string error) =>
            Contains(error, "client-token") || Contains(error, "client token") || Contains(error, "token") || Contains(error, "not allowed")
            || (Contains(error, "instance") && (Contains(error, "not found") || Contains(error, "invalid")));

        private static bool Contains(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>The longest server text a message quotes.</summary>
        internal const int ShownLength = 200;

        /// <summary>Server text as a message quotes it: trimmed, and cut to <see cref="ShownLength"/> characters. Redact first.</summary>
        internal static string Shorten(string? text)
        {
            string trimmed = (text ?? string.Empty).Trim();
            if (trimmed.Length <= ShownLength)
            {
                return trimmed;
            }

            // Never between the halves of a surrogate pair, which would show as '?'.
            int cut = char.IsHighSurrogate(trimmed[ShownLength - 1]) ? ShownLength - 1 : ShownLength;
            return trimmed.Substring(0, cut) + "…";
        }

        private static string? AsText(JsonElement value) =>
            value.ValueKind == JsonValueKind.String ? value.GetString()
            : value.ValueKind == JsonValueKind.Null ? null
            : value.GetRawText();

        private static bool? AsBool(JsonElement value) =>
            value.ValueKind == JsonValueKind.True ? true
            : value.ValueKind == JsonValueKind.False ? false
            : (bool?)null;
    }
}
