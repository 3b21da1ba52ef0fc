using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// The rule: Write* and ShouldProcess run only on the pipeline thread. A client call runs its continuations on
    /// the thread pool, so whatever it reports while it runs (verbose lines, upload progress) is posted here, and the
    /// pipeline thread, blocked in <see cref="Run{T}"/> until the call completes, writes each in the order posted.
    /// A report posted while no call is running has nobody to show it to and is dropped: writing it from the thread
    /// pool would throw.
    /// </summary>
    internal sealed class PipelineThreadQueue
    {
        private volatile BlockingCollection<Action>? _pending;

        /// <summary>Starts <paramref name="start"/> and, on this thread, runs what it posts until it completes; then its result.</summary>
        public T Run<T>(Func<Task<T>> start)
        {
            // Not disposed: a write that throws (a stopped pipeline) leaves the call running, and its last posts and
            // its completion still reach the collection.
            var pending = new BlockingCollection<Action>();
            _pending = pending;
            try
            {
                Task<T> task = start();
                // Inline on the thread that completes the call: queued, it would cost every input one more thread-pool
                // work item and one more wake-up before this thread sees the end (two per input instead of one).
                task.ContinueWith(_ => pending.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                foreach (Action write in pending.GetConsumingEnumerable())
                {
                    write();
                }

                return task.GetAwaiter().GetResult();
            }
            finally
            {
                _pending = null;
            }
        }

        /// <summary>From any thread: has the pipeline thread run <paramref name="write"/> while a call is running; else drops it.</summary>
        public void Post(Action write)
        {
            BlockingCollection<Action>? pending = _pending;
            if (pending == null)
            {
                return;
            }

            try
            {
                pending.Add(write);
            }
            catch (InvalidOperationException)
            {
                // The call completed between the read above and the add: nobody is left to show it to.
            }
        }
    }
}
