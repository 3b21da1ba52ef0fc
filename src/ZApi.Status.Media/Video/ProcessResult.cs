namespace ZApi.Status.MediaModule.Video
{
    internal sealed class ProcessResult
    {
        public ProcessResult(int exitCode, string output, string errorTail, bool timedOut)
        {
            ExitCode = exitCode;
            Output = output;
            ErrorTail = errorTail;
            TimedOut = timedOut;
        }

        public int ExitCode { get; }

        public string Output { get; }

        /// <summary>The last few lines the tool wrote to its error output, for a message.</summary>
        public string ErrorTail { get; }

        public bool TimedOut { get; }

        public bool Succeeded => ExitCode == 0 && !TimedOut;
    }
}
