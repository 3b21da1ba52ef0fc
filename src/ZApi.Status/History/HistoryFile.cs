using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZApi.Status.Media;
using ZApi.Shared.Files;

namespace ZApi.Status.History
{
    /// <summary>
    /// A status history file: append-only JSON Lines, read once when a pipeline starts and then only what other
    /// processes appended since. The index holds, per status, where its latest line is (not the line itself), so
    /// 100,000 entries cost a few megabytes; a lookup reads that one line again. Damaged lines are reported by line
    /// number and skipped; nothing is ever rewritten. Under the lock it follows the path: a history replaced by a
    /// rename (an editor, a sync tool, a rotation) is read again from its start, and is the history from then on.
    /// </summary>
    internal sealed class HistoryFile : IDisposable
    {
        public static readonly TimeSpan DefaultLockWait = TimeSpan.FromSeconds(30);

        /// <summary>Damaged lines named one warning each per catch-up; those after them are counted in one more.</summary>
        private const int NamedDamagedLines = 10;

        private static readonly byte[] Utf8ByteOrderMark = { 0xEF, 0xBB, 0xBF };
        private static readonly byte[] Newline = { (byte)'\n' };

        private readonly Dictionary<HistoryKey, Slot> _latest = new Dictionary<HistoryKey, Slot>();
        private readonly Action<string> _warn;
        private readonly TimeSpan _lockWait;

        // The longest line a history holds, and as much again to read into: a longer line is never held.
        private readonly byte[] _buffer = new byte[2 * HistoryLineFormat.MaximumLineBytes];
        private FileStream _stream;
        private Task _flushing = Task.CompletedTask;
        private long _indexed;
        private int _lineCount;
        private bool _firstReading = true;
        private int _readableLines;
        private int _damagedLines;
        private int _namedNow;
        private int _unnamedNow;
        private int _lastUnnamed;

        // The last readable line indexed: still there with its key, the lines before it are where the index has them.
        private Slot? _lastLine;
        private HistoryKey _lastKey;

        private HistoryFile(string path, FileStream stream, Action<string> warn, TimeSpan lockWait)
        {
            Path = path;
            _stream = stream;
            _warn = warn;
            _lockWait = lockWait;
        }

        public string Path { get; }

        /// <summary>
        /// Opens (creating the file and its folder) and reads a history to post with; fails before anything is posted.
        /// A cancelled <paramref name="cancellationToken"/> ends the wait for the lock with OperationCanceledException.
        /// </summary>
        public static HistoryFile OpenForWriting(string path, Action<string> warn, TimeSpan lockWait, CancellationToken cancellationToken = default)
        {
            var file = new HistoryFile(path, OpenToWrite(path), warn, lockWait);
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

        private static FileStream OpenToWrite(string path)
        {
            try
            {
                string? folder = System.IO.Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex))
            {
                throw Unavailable(path, "open it for writing", ex);
            }
        }

        private static HistoryFile OpenExisting(string path, Action<string> warn, FileAccess access, string action)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Open, access, FileShare.ReadWrite | FileShare.Delete, 1);
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex))
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
        /// Indexes the lines appended since the last call. Under the lock the path is followed first: when another file
        /// has been renamed over it, that file is opened and indexed from its start. Also under the lock, a last line
        /// without its newline was torn by a crash (every writer writes whole lines under the lock): it is ended, so it
        /// is reported once and the next entry starts on a line of its own. Without the lock it may be a line being
        /// written, and is left for later.
        /// </summary>
        public void CatchUp(bool underLock)
        {
            if (underLock && _stream.CanWrite && !FileIdentity.IsFileAt(_stream.SafeFileHandle, Path))
            {
                FollowReplacement();
            }
            else if (RewrittenInPlace())
            {
                StartOver($"The status history '{Path}' was rewritten in place during this run (by Set-Content, Out-File or an editor that saves into "
                    + "the file): this run reads it again from its start, and what the rewrite left out no longer counts.");
            }

            Index(underLock);
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
            catch (Exception ex) when (FileSystemFailure.Is(ex))
            {
                throw Unavailable(Path, "write to it", ex);
            }

            Index(underLock: true);
        }

        /// <summary>
        /// Waits, on another thread, until the disk has everything appended so far: a flush of the handle that wrote it
        /// (a handle opened on the path anew may be another file once the history was replaced). The pipeline goes on
        /// using that handle meanwhile; an unbuffered flush to disk touches none of its state.
        /// </summary>
        public Task FlushToDiskAsync()
        {
            FileStream written = _stream;
            Task flush = Task.Run(() =>
            {
                try
                {
                    written.Flush(flushToDisk: true);
                }
                catch (Exception ex) when (FileSystemFailure.Is(ex))
                {
                    throw Unavailable(Path, "flush it to disk", ex);
                }
            });
            _flushing = _flushing.IsCompleted ? flush : Task.WhenAll(_flushing, flush);
            return flush;
        }

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

        public void Dispose() => CloseAfterFlush(_stream);

        /// <summary>
        /// The history cannot be used. "Nothing was posted" closes the message, as it does every history failure's: a
        /// completion, which comes after the post, leaves that sentence out of its warning.
        /// </summary>
        internal static ZApiException Unavailable(string path, string action, Exception ex) =>
            new ZApiException(ZApiErrorId.HistoryUnavailable,
                $"Cannot {action}: the status history '{path}'. {ex.Message} Choose a history path you can read and write (-HistoryPath, "
                + "Set-ZApiConnection -HistoryPath or the ZAPI_HISTORY_PATH variable), or check its permissions. Nothing was posted.", ex);

        /// <summary>
        /// Another file was renamed over the path (or the history was moved away): the file now at the path, created when
        /// there is none, is the history from here on, as it is for every later run. The replaced one is closed once a
        /// flush to disk still running on it is done.
        /// </summary>
        private void FollowReplacement()
        {
            FileStream replaced = _stream;
            _stream = OpenToWrite(Path);
            CloseAfterFlush(replaced);
            StartOver($"The status history '{Path}' was replaced during this run (by an editor, a sync tool or a rotation, which save by "
                + "renaming another file over it): this run goes on with the file now at that path, and what only the replaced one held no longer counts.");
        }

        /// <summary>
        /// True when the file no longer holds what was indexed where the index has it: it is shorter than what was read,
        /// or its last indexed line is gone from its place. Every writer of a history only appends, so that is a rewrite
        /// of the same file (Set-Content, Out-File and Notepad truncate it and write it anew), after which every offset
        /// the index holds may point into another line, which would read as "never posted".
        /// </summary>
        private bool RewrittenInPlace()
        {
            try
            {
                if (_stream.Length < _indexed)
                {
                    return true;
                }
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex))
            {
                throw Unavailable(Path, "read it", ex);
            }

            return _lastLine is Slot last && (ReadEntry(last) is not StatusHistoryEntry entry || entry.Key != _lastKey.ToString());
        }

        /// <summary>Forgets the index and reads the file from its start at the next catch-up, as on a first reading.</summary>
        private void StartOver(string warning)
        {
            _latest.Clear();
            _lastLine = null;
            _indexed = 0;
            _lineCount = 0;
            _firstReading = true;
            _readableLines = 0;
            _damagedLines = 0;
            _warn(warning);
        }

        private void CloseAfterFlush(FileStream stream) =>
            _flushing.ContinueWith(_ => stream.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        /// <summary>
        /// Reads from where the index ends to the end of the file, in large reads, holding at most one line of up to
        /// <see cref="HistoryLineFormat.MaximumLineBytes"/>: a longer line is streamed past and counted damaged. The first
        /// reading of a file refuses one without a readable line; later damage, appended by others, is only warned about.
        /// </summary>
        private void Index(bool underLock)
        {
            _namedNow = 0;
            _unnamedNow = 0;
            try
            {
                _stream.Seek(_indexed, SeekOrigin.Begin);
                long bufferStart = _indexed; // where in the file _buffer[0] is
                int filled = 0;
                bool overlong = false; // the line being read is longer than any entry: its bytes are not kept
                bool atFileStart = _indexed == 0;
                int read;
                while ((read = _stream.Read(_buffer, filled, _buffer.Length - filled)) > 0)
                {
                    if (atFileStart)
                    {
                        RefuseUtf16(read);
                        atFileStart = false;
                    }

                    int scanFrom = filled;
                    filled += read;
                    int start = 0;
                    int newline;
                    while ((newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, filled - scanFrom)) >= 0)
                    {
                        if (overlong || newline - start > HistoryLineFormat.MaximumLineBytes)
                        {
                            overlong = false;
                            Damaged(++_lineCount, tooLong: true);
                        }
                        else
                        {
                            IndexLine(new ReadOnlySpan<byte>(_buffer, start, newline - start), bufferStart + start);
                        }

                        start = newline + 1;
                        scanFrom = start;
                        _indexed = bufferStart + start;
                    }

                    if (overlong || filled - start > HistoryLineFormat.MaximumLineBytes)
                    {
                        overlong = true;
                        bufferStart += filled;
                        filled = 0;
                    }
                    else
                    {
                        Buffer.BlockCopy(_buffer, start, _buffer, 0, filled - start);
                        bufferStart += start;
                        filled -= start;
                    }
                }

                if (overlong || filled > 0)
                {
                    IndexLastLine(underLock, overlong, filled, bufferStart);
                }
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex))
            {
                throw Unavailable(Path, "read it", ex);
            }

            if (_unnamedNow > 0)
            {
                _warn(string.Format(CultureInfo.InvariantCulture,
                    "{0:N0} more lines of the status history '{1}' are damaged and were skipped, the last of them line {2}; the other lines still count.",
                    _unnamedNow, Path, _lastUnnamed));
            }

            if (_firstReading && _readableLines == 0 && _damagedLines > 0)
            {
                throw NoReadableLine(_lineCount);
            }

            _firstReading = false;
        }

        /// <summary>A last line without its newline: <paramref name="filled"/> bytes in the buffer, or more than a line holds.</summary>
        private void IndexLastLine(bool underLock, bool overlong, int filled, long bufferStart)
        {
            var line = new ReadOnlySpan<byte>(_buffer, 0, filled);
            if (underLock && _stream.CanWrite)
            {
                // Nothing is written to a history that is refused: one of a newer format, or one without an entry to keep.
                ReadOnlySpan<byte> content = Content(line);
                int version = 0;
                bool whole = !overlong && (content.Length == 0 || HistoryLineFormat.TryReadHeader(content, out version, out _));
                if (version > HistoryLineFormat.Version)
                {
                    throw NewerFormat(_lineCount + 1, version);
                }

                if (_firstReading && _readableLines == 0 && !whole)
                {
                    throw NoReadableLine(_lineCount + 1);
                }

                // Write, not WriteByte, which .NET Framework buffers even without a buffer, while a flush to disk may run.
                _stream.Write(Newline, 0, 1);
                _stream.Flush(flushToDisk: true);
                if (overlong)
                {
                    Damaged(++_lineCount, tooLong: true);
                }
                else
                {
                    IndexLine(line, bufferStart);
                }

                _indexed = bufferStart + filled + 1;
            }
            else if (overlong)
            {
                // No writer leaves a line that long half-written: it is damage, not a line being written now.
                Damaged(++_lineCount, tooLong: true);
            }
            else
            {
                _warn($"Line {_lineCount + 1} of the status history '{Path}' is incomplete (being written now, or cut off) and was skipped.");
            }
        }

        /// <summary>
        /// Windows PowerShell 5.1's > and Out-File save UTF-16, in which every line reads as damaged, and a history of
        /// damaged lines would say that nothing was ever posted. A byte order mark tells it, and so, without one, do the
        /// first characters (ASCII, as an entry starts): every other byte is zero.
        /// </summary>
        private void RefuseUtf16(int count)
        {
            bool byteOrderMark = count >= 2 && ((_buffer[0] == 0xFF && _buffer[1] == 0xFE) || (_buffer[0] == 0xFE && _buffer[1] == 0xFF));
            int pairs = Math.Min(count, 64) / 2;
            bool littleEndian = pairs >= 2, bigEndian = pairs >= 2;
            for (int i = 0; i < pairs; i++)
            {
                byte first = _buffer[2 * i], second = _buffer[(2 * i) + 1];
                littleEndian &= first != 0 && first < 0x80 && second == 0;
                bigEndian &= first == 0 && second != 0 && second < 0x80;
            }

            if (byteOrderMark || littleEndian || bigEndian)
            {
                throw new ZApiException(ZApiErrorId.HistoryUnavailable,
                    $"The status history '{Path}' is saved as UTF-16 (as Windows PowerShell's > and Out-File save text), not UTF-8: none of its "
                    + "lines can be read, and taken as empty it would have every status in it posted again. Save it as UTF-8, for example with "
                    + $"(Get-Content -LiteralPath '{Path}') | Set-Content -LiteralPath '{Path}' -Encoding UTF8, and append to it only with "
                    + "Add-Content or Set-Content -Encoding UTF8. Nothing was posted.");
            }
        }

        private ZApiException NoReadableLine(int lines) =>
            new ZApiException(ZApiErrorId.HistoryUnavailable, string.Format(CultureInfo.InvariantCulture,
                "The status history '{0}' has no readable line: {1} a status history entry (damaged throughout, or another kind of file). "
                + "Taken as empty it would have every status in it posted again. Check the path; if this is the history, check the phone "
                + "for what was posted, then move the file aside to start a new history. Nothing was posted.",
                Path, lines <= 1 ? "its one line is not" : string.Format(CultureInfo.InvariantCulture, "none of its {0:N0} lines is", lines)));

        private ZApiException NewerFormat(int lineNumber, int version) =>
            new ZApiException(ZApiErrorId.HistoryFormatUnsupported,
                $"Line {lineNumber} of the status history '{Path}' is in format version {version}, newer than this module reads "
                + $"(version {HistoryLineFormat.Version}). Update ZApi.Status on this machine, or use another history path. Nothing was posted.");

        private void IndexLine(ReadOnlySpan<byte> line, long offset)
        {
            _lineCount++;
            if (line.StartsWith(Utf8ByteOrderMark))
            {
                offset += Utf8ByteOrderMark.Length;
            }

            line = Content(line);
            if (line.Length == 0)
            {
                return;
            }

            bool whole = HistoryLineFormat.TryReadHeader(line, out int version, out HistoryKey key);
            if (version > HistoryLineFormat.Version)
            {
                throw NewerFormat(_lineCount, version);
            }

            if (!whole)
            {
                Damaged(_lineCount, tooLong: false);
                return;
            }

            _readableLines++;
            _latest[key] = new Slot(offset, line.Length, _lineCount);
            _lastLine = _latest[key];
            _lastKey = key;
        }

        /// <summary>Counts a damaged line, and names it in a warning while this catch-up has named fewer than ten.</summary>
        private void Damaged(int lineNumber, bool tooLong)
        {
            _damagedLines++;
            if (_namedNow < NamedDamagedLines)
            {
                _namedNow++;
                string why = tooLong
                    ? $" (longer than {HistoryLineFormat.MaximumLineBytes / 1024} KiB, which no entry is)"
                    : string.Empty;
                _warn($"Line {lineNumber} of the status history '{Path}' is damaged{why} and was skipped; the other lines still count.");
            }
            else
            {
                _unnamedNow++;
                _lastUnnamed = lineNumber;
            }
        }

        /// <summary>
        /// What a line holds: without a BOM where it starts (Notepad, Windows PowerShell's Set-Content -Encoding UTF8,
        /// files joined with cat) and without the trailing blanks and carriage return of a file edited on Windows.
        /// </summary>
        private static ReadOnlySpan<byte> Content(ReadOnlySpan<byte> line)
        {
            if (line.StartsWith(Utf8ByteOrderMark))
            {
                line = line.Slice(Utf8ByteOrderMark.Length);
            }

            int length = line.Length;
            while (length > 0 && (line[length - 1] == (byte)'\r' || line[length - 1] == (byte)' ' || line[length - 1] == (byte)'\t'))
            {
                length--;
            }

            return line.Slice(0, length);
        }

        private StatusHistoryEntry? ReadEntry(Slot slot)
        {
            var bytes = new byte[slot.Length];
            try
            {
                _stream.Seek(slot.Offset, SeekOrigin.Begin);
                MediaSource.ReadUpTo(_stream, bytes, bytes.Length);
            }
            catch (Exception ex) when (FileSystemFailure.Is(ex))
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
