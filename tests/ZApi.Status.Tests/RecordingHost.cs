using ZApi.Status.Posting;

namespace ZApi.Status.Tests;

/// <summary>
/// A posting host that records what the batch writes, as a cmdlet's streams would show it, and lets a test answer
/// ShouldProcess or throw from a write, as Ctrl+C or a Stop preference does in PowerShell.
/// </summary>
internal sealed class RecordingHost : IPostingHost
{
    /// <summary>What this host throws when its pipeline ends, like PowerShell's PipelineStoppedException.</summary>
    public sealed class PipelineEnded : Exception
    {
        public PipelineEnded(string message)
            : base(message)
        {
        }
    }

    /// <summary>What Stop throws, like ThrowTerminatingError.</summary>
    public sealed class Terminated : Exception
    {
        public Terminated(ZApiException error, object? target)
            : base(error.Message, error)
        {
            Error = error;
            Target = target;
        }

        public ZApiException Error { get; }

        public object? Target { get; }
    }

    public List<StatusResult> Results { get; } = new();

    public List<(ZApiErrorId Id, object? Target, string Message)> Errors { get; } = new();

    public List<string> Verbose { get; } = new();

    public List<string> Warnings { get; } = new();

    public List<string> WarningsAfterStop { get; } = new();

    public List<ProgressUpdate> Progress { get; } = new();

    public List<BatchSummary> Summaries { get; } = new();

    public List<string> Confirmed { get; } = new();

    /// <summary>Every verbose line and progress update, in the order written.</summary>
    public List<string> Timeline { get; } = new();

    /// <summary>ShouldProcess's answer; true by default.</summary>
    public Func<string, bool> Confirm { get; set; } = _ => true;

    /// <summary>Runs on each verbose line as it is written; may throw to end the pipeline there.</summary>
    public Action<string> OnVerbose { get; set; } = _ => { };

    /// <summary>Runs on each warning as it is written; may throw.</summary>
    public Action<string> OnWarning { get; set; } = _ => { };

    bool IPostingHost.ShouldPost(string description, string action)
    {
        Confirmed.Add(description);
        return Confirm(description);
    }

    void IPostingHost.Emit(StatusResult result) => Results.Add(result);

    void IPostingHost.Fail(ZApiException error, object? target) => Errors.Add((error.ErrorId, target, error.Message));

    void IPostingHost.Stop(ZApiException error, object? target) => throw new Terminated(error, target);

    void IPostingHost.Verbose(string message)
    {
        Verbose.Add(message);
        Timeline.Add("verbose: " + message);
        OnVerbose(message);
    }

    void IPostingHost.Warning(string message)
    {
        Warnings.Add(message);
        OnWarning(message);
    }

    void IPostingHost.WarnAfterStop(string message) => WarningsAfterStop.Add(message);

    void IPostingHost.Progress(ProgressUpdate update)
    {
        Progress.Add(update);
        Timeline.Add("progress: " + update.Status);
    }

    void IPostingHost.Summary(BatchSummary summary) => Summaries.Add(summary);

    bool IPostingHost.IsStop(Exception exception) => exception is PipelineEnded || exception is OperationCanceledException;
}
