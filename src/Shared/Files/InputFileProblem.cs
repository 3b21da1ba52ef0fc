namespace ZApi.Shared.Files
{
    /// <summary>What is wrong with a file argument; each module turns it into an error id of its own.</summary>
    internal enum InputFileProblem
    {
        /// <summary>No such file, an empty path, or text that is no path at all.</summary>
        NotFound,

        /// <summary>A -Path whose wildcard matches no file.</summary>
        NothingMatches,

        IsDirectory,

        /// <summary>A path on a drive of another provider (Env:, HKLM:, Cert:, ...).</summary>
        UnsupportedProvider,

        /// <summary>The file exists but cannot be resolved or opened: locked, no permission.</summary>
        Unreadable,

        /// <summary>A FIFO, socket or device, also behind a link: it has no fixed content.</summary>
        NotRegularFile,
    }
}
