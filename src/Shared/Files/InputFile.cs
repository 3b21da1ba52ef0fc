using System;
using System.IO;

namespace ZApi.Shared.Files
{
    /// <summary>Opens a resolved input file, or says in an <see cref="InputFileException"/> why it cannot be.</summary>
    internal static class InputFile
    {
        /// <summary>
        /// Opens <paramref name="fullPath"/> with <see cref="RegularFile.OpenRead"/>: a link is followed to its final
        /// target, which must be a regular file. Throws <see cref="InputFileException"/> for a directory, a missing
        /// file, a FIFO, socket or device, and a file that cannot be opened.
        /// </summary>
        public static FileStream OpenRead(string fullPath, InputWording wording, int bufferSize = 1)
        {
            if (Directory.Exists(fullPath))
            {
                throw new InputFileException(InputFileProblem.IsDirectory,
                    $"'{fullPath}' is a directory, not {wording.WithArticle} file. Pipe its files instead: Get-ChildItem '{fullPath}' -File | {wording.CommandName}.");
            }

            try
            {
                return RegularFile.OpenRead(fullPath, bufferSize);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw new InputFileException(InputFileProblem.NotFound, $"Cannot find the {wording.Noun} file '{fullPath}'. Check the path and try again.", ex);
            }
            catch (NotRegularFileException ex)
            {
                throw new InputFileException(InputFileProblem.NotRegularFile,
                    $"Cannot {wording.Verb} '{fullPath}': {ex.Message} Pass {wording.WithArticle} file.", ex);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                throw new InputFileException(InputFileProblem.Unreadable,
                    $"Cannot read the {wording.Noun} file '{fullPath}': {ex.Message} Close any program that holds it open and check that you may read it.", ex);
            }
        }
    }
}
