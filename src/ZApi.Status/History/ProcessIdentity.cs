using System;
using System.Diagnostics;
using System.Globalization;

namespace ZApi.Status.History
{
    /// <summary>
    /// The process that writes an entry (id, host, start time), so a later reader can tell a status that another run
    /// is posting right now from one whose run ended mid-request. The start time guards against a reused process id.
    /// </summary>
    internal sealed class ProcessIdentity
    {
        private static readonly Lazy<ProcessIdentity> CurrentProcess = new Lazy<ProcessIdentity>(() =>
        {
            using (Process self = Process.GetCurrentProcess())
            {
                return new ProcessIdentity(self.Id, Environment.MachineName, StartOf(self) ?? DateTimeOffset.UtcNow);
            }
        });

        private ProcessIdentity(int id, string host, DateTimeOffset started)
        {
            Id = id;
            Host = host;
            Started = started;
        }

        public static ProcessIdentity Current => CurrentProcess.Value;

        public int Id { get; }

        public string Host { get; }

        public DateTimeOffset Started { get; }

        /// <summary>"pid@host", as the history stores it.</summary>
        public string Name => Id.ToString(CultureInfo.InvariantCulture) + "@" + Host;

        /// <summary>True when <paramref name="entry"/> was written on this machine, where its process can be checked.</summary>
        public static bool IsOnThisHost(StatusHistoryEntry entry)
        {
            string? name = entry.Process;
            int at = name?.LastIndexOf('@') ?? -1;
            return at > 0 && string.Equals(name!.Substring(at + 1), Current.Host, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// True when the process that wrote <paramref name="entry"/> is provably still running: on this host, with the
        /// same id and start time. A process on another host (a shared history) cannot be checked, so it is not.
        /// </summary>
        public static bool IsRunning(StatusHistoryEntry entry)
        {
            string? name = entry.Process;
            int at = name?.LastIndexOf('@') ?? -1;
            if (!IsOnThisHost(entry) || entry.ProcessStarted == null
                || !int.TryParse(name!.Substring(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                return false;
            }

            if (id == Current.Id)
            {
                return entry.ProcessStarted.Value == Current.Started;
            }

            try
            {
                using (Process process = Process.GetProcessById(id))
                {
                    DateTimeOffset? started = StartOf(process);
                    // A start time we may not read (another user's process) still means a live process with that id.
                    return started == null || Math.Abs((started.Value - entry.ProcessStarted.Value).TotalSeconds) < 1;
                }
            }
            catch (ArgumentException)
            {
                return false; // no such process
            }
            catch (InvalidOperationException)
            {
                return false; // it has exited
            }
        }

        private static DateTimeOffset? StartOf(Process process)
        {
            try
            {
                return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception || ex is NotSupportedException)
            {
                return null;
            }
        }
    }
}
