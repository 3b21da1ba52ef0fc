using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace ZApi.Shared.Completion
{
    /// <summary>
    /// Tab completion for a parameter that takes media files: folders, and the files whose extension is one of the
    /// command's, so the CSV, history and lock files beside the photos are not offered. Only a suggestion: the
    /// content decides what a command reads, so any file can still be typed.
    /// </summary>
    internal static class MediaFileCompletion
    {
        public static IEnumerable<CompletionResult> Complete(string? wordToComplete, IEnumerable<string> extensions)
        {
            var wanted = new HashSet<string>(extensions, StringComparer.OrdinalIgnoreCase);
            return CompletionCompleters.CompleteFilename(wordToComplete ?? string.Empty)
                .Where(result => result.ResultType == CompletionResultType.ProviderContainer || wanted.Contains(Path.GetExtension(result.ListItemText)))
                .ToList();
        }
    }
}
