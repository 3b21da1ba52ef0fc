namespace ZApi.Shared.Files
{
    /// <summary>The words a command's messages about its file arguments use: "image", "an image", "Send-ZApiImageStatus", "post".</summary>
    internal sealed class InputWording
    {
        public InputWording(string noun, string withArticle, string commandName, string verb)
        {
            Noun = noun;
            WithArticle = withArticle;
            CommandName = commandName;
            Verb = verb;
        }

        /// <summary>"image", "video".</summary>
        public string Noun { get; }

        /// <summary>"an image", "a video".</summary>
        public string WithArticle { get; }

        /// <summary>The command to pipe files into, for advice: "Send-ZApiImageStatus".</summary>
        public string CommandName { get; }

        /// <summary>What the command does to a file: "post", "convert" (and "posted", "converted").</summary>
        public string Verb { get; }
    }
}
