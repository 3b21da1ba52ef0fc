using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using System.Runtime.CompilerServices;

// src/Shared is compiled into both modules as internal code; this folder is the part that needs PowerShell.
namespace ZApi.Shared.Paths
{
    /// <summary>
    /// Makes a piped object that names its file literally (a CSV row with a LiteralPath column, a FileInfo) reach
    /// -Path as that exact file. PowerShell binds the default parameter set first, and -Path takes any piped object
    /// by value converted to text, so such a row arrived as "@{LiteralPath=...}", and a FileInfo as a wildcard. The
    /// literal path is escaped, so the wildcard it becomes matches that one file and nothing else.
    /// </summary>
    /// <remarks>
    /// A FileInfo already is a file-system path, so the text it becomes is remembered (by reference, while it lives)
    /// with that path: resolving it through PowerShell's provider again re-validates the drive, which on Linux reads
    /// the mount table for every file, the largest cost per input in a folder of small photos.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class LiteralPathRowAttribute : ArgumentTransformationAttribute
    {
        /// <summary>The property a row names its file by, as the -LiteralPath parameter is named.</summary>
        private const string LiteralPathProperty = "LiteralPath";

        private static readonly ConditionalWeakTable<string, string> FileSystemPaths = new ConditionalWeakTable<string, string>();

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (!(inputData is PSObject item) || item.BaseObject is string || item.BaseObject is IEnumerable)
            {
                return inputData;
            }

            if (item.BaseObject is FileSystemInfo file)
            {
                string fullPath = file.FullName;
                string escaped = WildcardPattern.Escape(fullPath);
                if (ReferenceEquals(escaped, fullPath))
                {
                    // Escape hands back FullName itself when nothing needs escaping, and a later -Path $file.FullName
                    // would then pass the remembered instance and skip the resolution PowerShell would do to that text.
                    escaped = new string(fullPath.ToCharArray());
                }

                FileSystemPaths.Add(escaped, fullPath);
                return escaped;
            }

            string? literal = item.Properties[LiteralPathProperty]?.Value?.ToString();
            return literal == null ? inputData : WildcardPattern.Escape(literal);
        }

        /// <summary>The file-system path of a value this attribute made from a FileInfo or DirectoryInfo, that very string instance only.</summary>
        internal static bool TryGetFileSystemPath(string value, out string fullPath) =>
            FileSystemPaths.TryGetValue(value, out fullPath!);
    }
}
