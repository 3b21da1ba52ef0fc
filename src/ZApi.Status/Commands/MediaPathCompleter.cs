using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZApi.Status.Media;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// Tab completion for -Path and -LiteralPath: folders, and files whose extension suggests the command's media.
    /// Only a suggestion: the content decides what is posted, so any file can still be typed.
    /// </summary>
    internal sealed class MediaPathCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string[] extensions = (MediaKind.ForCommand(commandName) ?? MediaKind.Image).FileExtensions;
            return CompletionCompleters.CompleteFilename(wordToComplete ?? string.Empty)
                .Where(result => result.ResultType == CompletionResultType.ProviderContainer
                    || extensions.Contains(Path.GetExtension(result.ListItemText), StringComparer.OrdinalIgnoreCase))
                .ToList();
        }
    }
}
