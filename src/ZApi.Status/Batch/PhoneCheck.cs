namespace ZApi.Status.Batch
{
    /// <summary>
    /// What the answer of Z-API's status route means for a batch about to start. Z-API accepts and queues statuses
    /// while the phone is offline and says "sent", so a batch that starts then looks posted but nobody sees it.
    /// </summary>
    internal static class PhoneCheck
    {
        /// <summary>The warning to show before posting, or null when all is well.</summary>
        /// <exception cref="ZApiException">The instance is not connected, or the phone is offline and <paramref name="requirePhoneOnline"/> is set.</exception>
        public static string? Assess(ZApiInstanceStatus status, bool requirePhoneOnline)
        {
            if (!status.Connected)
            {
                throw new ZApiException(ZApiErrorId.ZApiInstanceNotConnected,
                    $"Z-API instance {status.InstanceId} is not connected to WhatsApp{Reason(status)}. Nothing was posted. " +
                    "Scan the QR code in the Z-API panel to connect the phone again, then run the batch again.");
            }

            if (status.SmartphoneConnected)
            {
                return null;
            }

            string offline = $"The phone of Z-API instance {status.InstanceId} is offline{Reason(status)}.";
            if (requirePhoneOnline)
            {
                throw new ZApiException(ZApiErrorId.ZApiPhoneOffline,
                    offline + " Nothing was posted, as -RequirePhoneOnline asks. Bring the phone online (network, battery), then run the batch again.");
            }

            return offline + " Z-API holds the statuses until the phone is back, so contacts see them only then. " +
                "Use -RequirePhoneOnline to stop instead.";
        }

        private static string Reason(ZApiInstanceStatus status) =>
            string.IsNullOrEmpty(status.Error) ? string.Empty : " (Z-API says: " + status.Error + ")";
    }
}
