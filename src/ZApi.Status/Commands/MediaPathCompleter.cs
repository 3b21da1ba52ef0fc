using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZApi.Shared.Completion;
using ZApi.Status.Media;

namespace ZApi.Status.Commands
{
    /// <summary>Tab completion for -Path and -LiteralPath of the Send commands: folders, and files whose extension suggests the command's media.</summary>
    internal sealed class MediaPathCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            MediaFileCompletion.Complete(wordToComplete, (MediaKind.ForCommand(commandName) ?? MediaKind.Image).FileExtensions);
    }
}
