using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZApi.Status.Media;

namespace ZApi.Status.History
{
    /// <summary>
    /// A status history file: append-only JSON Lines, read once when a pipeline starts and then only what other
    /// processes appended since. The index holds, per status, where its latest line is (not the line itself), so
    /// 100,000 entries cost a few megabytes; a lookup reads that one line again. Damaged lines are reported by line
    /// number and skipped; nothing is ever rewritten.
    /// </summary>
    internal sealed class HistoryFile : IDisposable
    {
        public static readonly TimeSpan DefaultLockWait = TimeSpan.FromSeconds(30);

        private readonly Dictionary<HistoryKey, Slot> _latest = new Dictionary<HistoryKey, Slot>();
        private readonly FileStream _stream;
        private readonly Action<string> _warn;
        private readonly TimeSpan _lockWait;
        private byte[] _buffer = new byte[64 * 1024];
        private long _indexed;
        private int _lineCount;

        private HistoryFile(string path, FileStream stream, Action<string> warn, TimeSpan lockWait)
        {
            Path = path;
            _stream = stream;
            _warn = warn;
            _lockWait = lockWait;
        }

        public string Path { get; }

        /// <summary>The number of statuses the history knows.</summary>
        public int Count => _latest.Count;

        /// <summary>
        /// Opens (creating the file and its folder) and reads a history to post with; fails before anything is posted.
        /// A cancelled <paramref name="cancellationToken"/> ends the wait for the lock with OperationCanceledException.
        /// </summary>
        public static HistoryFile OpenForWriting(string path, Action<string> warn, TimeSpan lockWait, CancellationToken cancellationToken = default)
        {
            FileStream stream;
            try
            {
                string? folder = System.IO.Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
            }
            catch (Exception ex) when (IsFileSystemFailure(ex))
            {
                throw Unavailable(path, "open it for writing", ex);
            }

            var file = new HistoryFile(path, stream, warn, lockWait);
            try
            {
                using (file.Lock(cancellationToken))
                {
                    file.CatchUp(underLock: true);
                }
            }
            catch
            {
                file.Dispose();
                throw;
            }

            return file;
        }

        /// <summary>
        /// For -WhatIf: an existing history opened as a real run would (so a history it could not write fails the dry
        /// run too) but read without the lock and changed in no way; null when there is none yet, and none is created.
        /// </summary>
        public static HistoryFile? OpenForPreview(string path, Action<string> warn) =>
            File.Exists(path) || Directory.Exists(path) ? OpenExisting(path, warn, FileAccess.ReadWrite, "open it for writing") : null;

        /// <summary>Opens an existing history to read, without the lock: a line being written now is left for later.</summary>
        public static HistoryFile OpenForReading(string path, Action<string> warn) =>
            OpenExisting(path, warn, FileAccess.Read, "read it");

        private static HistoryFile OpenExisting(string path, Action<string> warn, FileAccess access, string action)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Open, access, FileShare.ReadWrite | FileShare.Delete, 1);
            }
            catch (Exception ex) when (IsFileSystemFailure(ex))
            {
                throw Unavailable(path, action, ex);
            }

            var file = new HistoryFile(path, stream, warn, DefaultLockWait);
            try
            {
                file.CatchUp(underLock: false);
            }
            catch
            {
                file.Dispose();
                throw;
            }

            return file;
        }

        /// <summary>Takes the history's cross-process lock; Ctrl+C (<paramref name="cancellationToken"/>) ends the wait at once, holding nothing.</summary>
        public HistoryLock Lock(CancellationToken cancellationToken = default) => HistoryLock.Acquire(Path, _lockWait, cancellationToken);

        /// <summary>
        /// Indexes the lines appended since the last call. Under the lock a last line without its newline was torn by
        /// a crash (every writer writes whole lines under the lock): it is ended, so it is reported once and the next
        /// entry starts on a line of its own. Without the lock it may be a line being written, and is left for later.
        /// </summary>
        public void CatchUp(bool underLock)
        {
            try
            {
                _stream.Seek(_indexed, SeekOrigin.Begin);
                int filled = 0;
                while (true)
                {
                    if (filled == _buffer.Length)
                    {
                        Array.Resize(ref _buffer, _buffer.Length * 2);
                    }

                    int read = _stream.Read(_buffer, filled, _buffer.Length - filled);
                    if (read == 0)
                    {
                        break;
                    }

                    int scanFrom = filled;
                    filled += read;
                    int start = 0;
                    int newline;
                    while ((newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, filled - scanFrom)) >= 0)
                    {
                        IndexLine(new ReadOnlySpan<byte>(_buffer, start, newline - start), _indexed);
                        _indexed += newline + 1 - start;
                        start = newline + 1;
                        scanFrom = start;
                    }

                    Buffer.BlockCopy(_buffer, start, _buffer, 0, filled - start);
                    filled -= start;
                }

                if (filled > 0 && underLock && _stream.CanWrite)
                {
                    _stream.WriteByte((byte)'\n');
                    _stream.Flush(flushToDisk: true);
                    IndexLine(new ReadOnlySpan<byte>(_buffer, 0, filled), _indexed);
                    _indexed += filled + 1;
                }
                else if (filled > 0 && !underLock)
                {
                    _warn($"Line {_lineCount + 1} of the status history '{Path}' is incomplete (being written now, or cut off) and was skipped.");
                }
            }
            catch (Exception ex) when (IsFileSystemFailure(ex))
            {
                throw Unavailable(Path, "read it", ex);
            }
        }

        /// <summary>
        /// Appends one whole line (with its newline) in one write, which a killed process cannot half-do; with
        /// <paramref name="toDisk"/> also waits until the disk has it, which survives a power cut too. Only under the
        /// lock, after <see cref="CatchUp"/>.
        /// </summary>
        public void Append(byte[] line, bool toDisk)
        {
            try
            {
                _stream.Seek(0, SeekOrigin.End);
                _stream.Write(line, 0, line.Length);
                _stream.Flush(flushToDisk: toDisk);
            }
            catch (Exception ex) when (IsFileSystemFailure(ex))
            {
                throw Unavailable(Path, "write to it", ex);
            }

            CatchUp(underLock: true);
        }

        /// <summary>
        /// Waits, on another thread, until the disk has everything appended so far: through a handle of its own, so the
        /// pipeline can go on using this one (a flush to disk covers the file, whichever handle wrote it).
        /// </summary>
        public Task FlushToDiskAsync() =>
            Task.Run(() =>
            {
                try
                {
                    using (var handle = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1))
                    {
                        handle.Flush(flushToDisk: true);
                    }
                }
                catch (Exception ex) when (IsFileSystemFailure(ex))
                {
                    throw Unavailable(Path, "flush it to disk", ex);
                }
            });

        /// <summary>The latest entry of a status, or null when the history has none.</summary>
        public StatusHistoryEntry? Latest(HistoryKey key) =>
            _latest.TryGetValue(key, out Slot slot) ? ReadEntry(slot) : null;

        /// <summary>The latest entry of every status, in the order they were written.</summary>
        public IEnumerable<StatusHistoryEntry> LatestEntries()
        {
            foreach (Slot slot in _latest.Values.OrderBy(slot => slot.Offset).ToList())
            {
                if (ReadEntry(slot) is StatusHistoryEntry entry)
                {
                    yield return entry;
                }
            }
        }

        public void Dispose() => _stream.Dispose();

        internal static ZApiException Unavailable(string path, string action, Exception ex) =>
            new ZApiException(ZApiErrorId.HistoryUnavailable,
                $"Cannot {action}: the status history '{path}'. {ex.Message} Nothing was posted. Choose a history path you can read "
                + "and write (-HistoryPath, Set-ZApiConnection -HistoryPath or the ZAPI_HISTORY_PATH variable), or check its permissions.", ex);

        private static bool IsFileSystemFailure(Exception ex) =>
            ex is IOException || ex is UnauthorizedAccessException || ex is SecurityException || ex is NotSupportedException || ex is ArgumentException;

        private void IndexLine(ReadOnlySpan<byte> line, long offset)
        {
            _lineCount++;
            int length = line.Length;
            while (length > 0 && (line[length - 1] == (byte)'\r' || line[length - 1] == (byte)' '))
            {
                length--; // a file edited on Windows; trailing blanks
            }

            if (length == 0)
            {
                return;
            }

            bool whole = HistoryLineFormat.TryReadHeader(line.Slice(0, length), out int version, out HistoryKey key);
            if (version > HistoryLineFormat.Version)
            {
                throw new ZApiException(ZApiErrorId.HistoryFormatUnsupported,
                    $"Line {_lineCount} of the status history '{Path}' is in format version {version}, newer than this module reads "
                    + $"(version {HistoryLineFormat.Version}). Update ZApi.Status on this machine, or use another history path. Nothing was posted.");
            }

            if (!whole)
            {
                _warn($"Line {_lineCount} of the status history '{Path}' is damaged and was skipped; the other lines still count.");
                return;
            }

            _latest[key] = new Slot(offset, length, _lineCount);
        }

        private StatusHistoryEntry? ReadEntry(Slot slot)
        {
            var bytes = new byte[slot.Length];
            try
            {
                _stream.Seek(slot.Offset, SeekOrigin.Begin);
                MediaSource.ReadUpTo(_stream, bytes, bytes.Length);
            }
            catch (Exception ex) when (IsFileSystemFailure(ex))
            {
                throw Unavailable(Path, "read it", ex);
            }

            return HistoryLineFormat.Parse(bytes, slot.Line, out _);
        }

        /// <summary>Where a status's latest line is: a few bytes per status instead of the line.</summary>
        private readonly struct Slot
        {
            public Slot(long offset, int length, int line)
            {
                Offset = offset;
                Length = length;
                Line = line;
            }

            public long Offset { get; }

            public int Length { get; }

            public int Line { get; }
        }
    }
}
