using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZApi.Shared.Completion;

namespace ZApi.Status.MediaModule.Commands
{
    /// <summary>Tab completion for -Path and -LiteralPath of the ConvertTo commands: folders, and the photos or clips the command converts.</summary>
    internal sealed class SourcePathCompleter : IArgumentCompleter
    {
        /// <summary>The usual extensions of HEIC/HEIF, AVIF, JPEG, PNG, WebP, GIF, TIFF and BMP.</summary>
        private static readonly string[] PhotoExtensions =
        {
            ".heic", ".heif", ".hif", ".avif", ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".gif", ".tif", ".tiff", ".bmp", ".dib",
        };

        /// <summary>The usual extensions of MP4, QuickTime, 3GP, Matroska, WebM and AVI.</summary>
        private static readonly string[] ClipExtensions =
        {
            ".mp4", ".m4v", ".mov", ".qt", ".3gp", ".3g2", ".mkv", ".webm", ".avi",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            MediaFileCompletion.Complete(wordToComplete,
                string.Equals(commandName, "ConvertTo-ZApiStatusVideo", StringComparison.OrdinalIgnoreCase) ? ClipExtensions : PhotoExtensions);
    }
}
