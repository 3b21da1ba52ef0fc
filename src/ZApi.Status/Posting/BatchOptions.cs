using System;
using ZApi.Status.Client;

namespace ZApi.Status.Posting
{
    /// <summary>What a Send-ZApi*Status pipeline was told, once for all its inputs: its parameters, without PowerShell.</summary>
    internal sealed class BatchOptions
    {
        /// <summary>"image", "video", "text": names the status in ShouldProcess and the progress bar.</summary>
        public string StatusNoun { get; set; } = "image";

        public RetryPolicy Retry { get; set; } = RetryPolicy.None;

        /// <summary>The least time between the starts of two posts; zero posts without waiting.</summary>
        public TimeSpan Interval { get; set; }

        public int IntervalJitterPercent { get; set; }

        /// <summary>Posts at most this many statuses; later inputs yield Deferred results.</summary>
        public int? MaximumPostCount { get; set; }

        public bool SkipConnectionCheck { get; set; }

        public bool RequirePhoneOnline { get; set; }

        /// <summary>Posts every input even when the status history says it was posted, or may have been.</summary>
        public bool Force { get; set; }

        /// <summary>A dry run (-WhatIf): the history is read but neither created nor written.</summary>
        public bool Preview { get; set; }

        /// <summary>Whether a progress bar can be seen at all (a host with a user interface).</summary>
        public bool ShowProgress { get; set; }

        /// <summary>How messages tell the user to change the connection, in the command's words.</summary>
        public ConnectionAdvice Advice { get; set; } = ConnectionAdvice.Plain;

        /// <summary>The wall clock that PostAt is compared with: -AsOf's moment when it is given.</summary>
        public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.Now;

        /// <summary>-AsOf: the calendar is read at another moment, which only a dry run may do.</summary>
        public bool AsOfGiven { get; set; }

        /// <summary>An input whose due time is further past than this yields Expired instead of a late post; null for no limit.</summary>
        public TimeSpan? MaximumLateness { get; set; }
    }
}
