using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZApi.Status.Posting
{
    /// <summary>
    /// The rule: Write* and ShouldProcess run only on the pipeline thread. A client call runs its continuations on
    /// the thread pool, so whatever it reports while it runs (verbose lines, upload progress) is posted here, and the
    /// pipeline thread, blocked in <see cref="Run{T}"/> until the call completes, writes each in the order posted.
    /// A report posted while no call is running has nobody to show it to and is dropped: writing it from the thread
    /// pool would throw.
    /// </summary>
    /// <remarks>
    /// The pipeline thread blocks with Monitor.Wait, which sleeps at once: a BlockingCollection spins first, and on a
    /// small machine that spinning took the processor from the very thread that was completing the call.
    /// </remarks>
    internal sealed class PipelineThreadQueue
    {
        private readonly object _gate = new object();
        private readonly Queue<Action> _pending = new Queue<Action>();
        private long _call;
        private bool _running;

        /// <summary>How long a call abandoned by a write that threw may take to end once told to, before it is left behind.</summary>
        internal static readonly TimeSpan AbandonWait = TimeSpan.FromSeconds(10);

        /// <summary>Starts <paramref name="start"/> and, on this thread, runs what it posts until it completes; then its result.</summary>
        /// <param name="abandon">
        /// Told to end the call when a write throws (Ctrl+C, or a warning under -WarningAction Stop): the pipeline is
        /// ending, and the call must not go on posting behind it, so it is waited for (at most <see cref="AbandonWait"/>)
        /// before the write's exception goes on. Without it the call is left running.
        /// </param>
        public T Run<T>(Func<Task<T>> start, Action? abandon = null)
        {
            long call;
            lock (_gate)
            {
                call = ++_call;
                _pending.Clear();
                _running = true;
            }

            try
            {
                Task<T> task = start();
                // Inline on the thread that completes the call: queued, it would cost every input one more thread-pool
                // work item and one more wake-up before this thread sees the end (two per input instead of one).
                task.ContinueWith(_ => Completed(call), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                while (NextWrite(call) is Action write)
                {
                    try
                    {
                        write();
                    }
                    catch when (abandon != null)
                    {
                        Close(call);
                        abandon();
                        EndQuietly(task);
                        throw;
                    }
                }

                return task.GetAwaiter().GetResult();
            }
            finally
            {
                // What a call still posts after a write threw is dropped.
                Close(call);
            }
        }

        /// <summary>From any thread: has the pipeline thread run <paramref name="write"/> while a call is running; else drops it.</summary>
        public void Post(Action write)
        {
            lock (_gate)
            {
                if (_running)
                {
                    _pending.Enqueue(write);
                    Monitor.Pulse(_gate);
                }
            }
        }

        /// <summary>The next write posted during the call, or null once the call has completed and every write ran.</summary>
        private Action? NextWrite(long call)
        {
            lock (_gate)
            {
                while (_pending.Count == 0 && _running && _call == call)
                {
                    Monitor.Wait(_gate);
                }

                return _pending.Count > 0 ? _pending.Dequeue() : null;
            }
        }

        private static void EndQuietly(Task task)
        {
            try
            {
                task.Wait(AbandonWait);
            }
            catch (AggregateException)
            {
                // Its own failure (cancelled, most likely) matters less than the write's, which goes on.
            }
        }

        private void Close(long call)
        {
            lock (_gate)
            {
                if (_call == call)
                {
                    _running = false;
                    _pending.Clear();
                }
            }
        }

        private void Completed(long call)
        {
            lock (_gate)
            {
                if (_call == call)
                {
                    _running = false;
                    Monitor.Pulse(_gate);
                }
            }
        }
    }
}
