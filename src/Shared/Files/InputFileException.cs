using System;

namespace ZApi.Shared.Files
{
    /// <summary>A file argument that cannot be used, with a message that names it and says what to do.</summary>
    internal sealed class InputFileException : Exception
    {
        public InputFileException(InputFileProblem problem, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            Problem = problem;
        }

        public InputFileProblem Problem { get; }

        /// <summary>
        /// The module's own id for this problem: a file that cannot be read, a FIFO among them, is the kind's
        /// unreadable one; a path that names nothing, or a wildcard that matches nothing, its not-found one.
        /// </summary>
        public TId IdOf<TId>(TId notFound, TId unreadable, TId isDirectory, TId unsupportedProvider)
        {
            switch (Problem)
            {
                case InputFileProblem.IsDirectory: return isDirectory;
                case InputFileProblem.UnsupportedProvider: return unsupportedProvider;
                case InputFileProblem.Unreadable:
                case InputFileProblem.NotRegularFile: return unreadable;
                default: return notFound;
            }
        }
    }
}
