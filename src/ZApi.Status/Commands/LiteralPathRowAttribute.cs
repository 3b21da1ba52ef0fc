using System;
using System.Collections;
using System.IO;
using System.Management.Automation;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// Makes a piped object that names its file literally (a CSV row with a LiteralPath column, a FileInfo) reach
    /// -Path as that exact file. PowerShell binds the default parameter set first, and -Path takes any piped object
    /// by value converted to text, so such a row arrived as "@{LiteralPath=...}", and a FileInfo as a wildcard. The
    /// literal path is escaped, so the wildcard it becomes matches that one file and nothing else.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class LiteralPathRowAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (!(inputData is PSObject item) || item.BaseObject is string || item.BaseObject is IEnumerable)
            {
                return inputData;
            }

            string? literal = item.Properties[nameof(SendMediaStatusCmdlet.LiteralPath)]?.Value?.ToString()
                ?? (item.BaseObject as FileSystemInfo)?.FullName;
            return literal == null ? inputData : WildcardPattern.Escape(literal);
        }
    }
}
