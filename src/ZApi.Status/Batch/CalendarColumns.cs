namespace ZApi.Status.Batch
{
    /// <summary>
    /// The calendar values of one input, as bound (CSV columns or parameters): PostAt, Repeat, Until, NotAfter and
    /// TimeZone, each still as given (text, a DateTime, or null), so that reading them can fail for this input alone.
    /// </summary>
    internal sealed class CalendarColumns
    {
        public object? PostAt { get; set; }

        public object? Repeat { get; set; }

        public object? Until { get; set; }

        public object? NotAfter { get; set; }

        public object? TimeZone { get; set; }
    }
}
