using System;
using System.Collections.Generic;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using ZApi.Shared.Files;

namespace ZApi.Shared.Paths
{
    /// <summary>
    /// Turns one -Path or -LiteralPath value into full file-system paths, as Get-FileHash does: wildcards only in
    /// -Path, FileSystem drives only. Every failure is an <see cref="InputFileException"/> that names the value; the
    /// command reports it under its own error id and goes on with the next input.
    /// </summary>
    internal sealed class FileArgumentResolver
    {
        private static readonly char[] Brackets = { '[', ']' };

        private readonly SessionState _sessionState;
        private readonly InputWording _wording;

        public FileArgumentResolver(SessionState sessionState, InputWording wording)
        {
            _sessionState = sessionState;
            _wording = wording;
        }

        /// <param name="path">The value as bound; null and empty are reported, not skipped.</param>
        /// <param name="literal">Bound to -LiteralPath: never a wildcard.</param>
        /// <param name="fromPipeline">A -Path bound from the pipeline (a CSV column) rather than typed on the command line.</param>
        public IReadOnlyList<string> Resolve(string? path, bool literal, bool fromPipeline)
        {
            if (path == null || path.Length == 0)
            {
                throw new InputFileException(InputFileProblem.NotFound, $"An empty path was given. Pass the path of {_wording.WithArticle} file.");
            }

            // A FileInfo piped to -Path is already a file-system path: no provider needs to resolve it again.
            if (!literal && LiteralPathRowAttribute.TryGetFileSystemPath(path, out string fileSystemPath))
            {
                return new[] { fileSystemPath };
            }

            try
            {
                return ResolveWithProvider(path, literal, fromPipeline);
            }
            catch (ItemNotFoundException ex) when (!literal)
            {
                throw NothingMatches(path, ex);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException)
            {
                // PowerShell's own message repeats the path, so it stays in InnerException.
                throw new InputFileException(InputFileProblem.NotFound, $"Cannot find the {_wording.Noun} '{path}'. Check the path and try again.", ex);
            }
            catch (Exception ex) when (ex is PSArgumentException || ex is NotSupportedException || ex is ArgumentException)
            {
                throw new InputFileException(InputFileProblem.NotFound, $"'{path}' is not a valid path: {ex.Message}", ex);
            }
            catch (Exception ex) when (!(ex is InputFileException) && !(ex is PipelineStoppedException) && !(ex is OperationCanceledException) && !(ex is FlowControlException))
            {
                throw new InputFileException(InputFileProblem.Unreadable, $"Cannot resolve '{path}': {ex.Message}", ex);
            }
        }

        private IReadOnlyList<string> ResolveWithProvider(string path, bool literal, bool fromPipeline)
        {
            ProviderInfo provider;
            IReadOnlyList<string> files;
            // A path from the pipeline (a CSV column) that names an existing file as written is that file: as a
            // wildcard, 'photo [1].jpg' would publicly post 'photo 1.jpg'.
            if (literal || (fromPipeline && WildcardPattern.ContainsWildcardCharacters(path) && ExistsLiterally(path)))
            {
                files = new[] { _sessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) };
            }
            else
            {
                files = _sessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                if (files.Count == 0)
                {
                    throw NothingMatches(path);
                }
            }

            if (provider.ImplementingType != typeof(FileSystemProvider))
            {
                throw new InputFileException(InputFileProblem.UnsupportedProvider,
                    $"'{path}' is a {provider.Name} path. Only files can be {_wording.Verb}ed: pass a path on a FileSystem drive.");
            }

            return files;
        }

        /// <summary>A -Path that resolves to no file. Brackets are wildcards there, the usual surprise in a file name.</summary>
        private static InputFileException NothingMatches(string path, Exception? inner = null)
        {
            string advice = path.IndexOfAny(Brackets) >= 0
                ? " Square brackets are wildcards in -Path: to take the name as written, pass it with -LiteralPath (in a CSV, name the column LiteralPath)."
                : " Check the path and the wildcard.";
            return new InputFileException(InputFileProblem.NothingMatches, $"No file matches '{path}'.{advice}", inner);
        }

        private bool ExistsLiterally(string path)
        {
            try
            {
                return _sessionState.InvokeProvider.Item.Exists(path, force: true, literalPath: true);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException) && !(ex is FlowControlException))
            {
                return false;
            }
        }
    }
}
