namespace ZApi.Status.MediaModule
{
    /// <summary>How an output file came to be; the cmdlets put it on their output as the Conversion note property.</summary>
    public enum MediaConversion
    {
        /// <summary>Decoded and encoded by this call.</summary>
        Converted,

        /// <summary>The same bytes with the same settings were converted before: the cached file, without decoding.</summary>
        Cached,

        /// <summary>The input needed nothing: the original file.</summary>
        Unchanged,
    }
}
