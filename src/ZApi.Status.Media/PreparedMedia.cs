namespace ZApi.Status.MediaModule
{
    /// <summary>What became of one input: the file to post, and whether it was made now, found in the cache or left as it was.</summary>
    internal sealed class PreparedMedia
    {
        public PreparedMedia(string sourcePath, string outputPath, MediaConversion conversion, string description)
        {
            SourcePath = sourcePath;
            OutputPath = outputPath;
            Conversion = conversion;
            Description = description;
        }

        public string SourcePath { get; }

        public string OutputPath { get; }

        public MediaConversion Conversion { get; }

        /// <summary>One line for -Verbose: what the input was and what came out.</summary>
        public string Description { get; }
    }
}
