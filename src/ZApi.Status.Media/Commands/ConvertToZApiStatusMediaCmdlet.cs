using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using Microsoft.PowerShell.Commands;
using ZApi.Status.MediaModule.Cache;

namespace ZApi.Status.MediaModule.Commands
{
    /// <summary>
    /// ConvertTo-ZApiStatusImage and ConvertTo-ZApiStatusVideo: one FileInfo or one error per input file. The
    /// FileInfo comes from the FileSystem provider, so it carries PSPath and binds -LiteralPath of the Send cmdlets
    /// exactly as Get-ChildItem output does.
    /// </summary>
    public abstract class ConvertToZApiStatusMediaCmdlet : PSCmdlet, IDisposable
    {
        internal const string PathSet = "Path";
        internal const string LiteralPathSet = "LiteralPath";

        private CancellationTokenSource? _stopping;

        #region Parameters

        /// <summary>Files; wildcards expand. Empty and null entries are reported, not bound away.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string?[] Path { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string?[] LiteralPath { get; set; } = null!;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; } = ContentCache.DefaultDirectory;

        [Parameter]
        public SwitchParameter KeepMetadata { get; set; }

        /// <summary>Carried onto the output, so Send-ZApi*Status binds it by property name: a CSV row's caption follows its file.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? Caption { get; set; }

        /// <summary>Carried onto the output like the caption, for Send-ZApi*Status's calendar.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        public object? PostAt { get; set; }

        #endregion

        /// <summary>"image" or "video", for messages.</summary>
        internal abstract string Noun { get; }

        /// <summary>Converts one resolved file; throws <see cref="MediaException"/> for a bad input.</summary>
        internal abstract PreparedMedia Prepare(string file, ContentCache cache, CancellationToken cancellation);

        #region Method Overrides

        protected override void BeginProcessing() => _stopping = new CancellationTokenSource();

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            var cache = new ContentCache(GetUnresolvedProviderPathFromPSPath(Destination));
            foreach (string? path in (literal ? LiteralPath : Path) ?? new string?[] { null })
            {
                foreach (string file in ResolveFiles(path, literal))
                {
                    try
                    {
                        PreparedMedia prepared = Prepare(file, cache, _stopping!.Token);
                        WriteVerbose(prepared.Description);
                        WriteObject(OutputFor(prepared));
                    }
                    catch (MediaException ex) when (ex.StopsTheBatch)
                    {
                        ThrowTerminatingError(ErrorRecords.Create(ex, file));
                    }
                    catch (MediaException ex)
                    {
                        WriteError(ErrorRecords.Create(ex, file));
                    }
                    catch (OperationCanceledException) when (_stopping!.IsCancellationRequested)
                    {
                        throw new PipelineStoppedException();
                    }
                    catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException))
                    {
                        // Whatever went wrong with this input, the next one may still succeed: one error, and go on.
                        var failure = new MediaException(MediaErrorId.MediaConversionFailed,
                            $"Converting '{file}' failed: {ex.Message}", ex);
                        WriteError(ErrorRecords.Create(failure, file));
                    }
                }
            }
        }

        protected override void StopProcessing() => _stopping?.Cancel();

        #endregion

        public void Dispose()
        {
            _stopping?.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>The FileInfo as the FileSystem provider gives it (with PSPath), noting the source and how it was made.</summary>
        private PSObject OutputFor(PreparedMedia prepared)
        {
            PSObject item = InvokeProvider.Item.Get(new[] { prepared.OutputPath }, force: true, literalPath: true)[0];
            item.Properties.Add(new PSNoteProperty("SourcePath", prepared.SourcePath));
            item.Properties.Add(new PSNoteProperty("Conversion", prepared.Conversion));
            if (Caption != null)
            {
                item.Properties.Add(new PSNoteProperty("Caption", Caption));
            }

            if (PostAt != null)
            {
                item.Properties.Add(new PSNoteProperty("PostAt", PostAt));
            }

            return item;
        }

        /// <summary>Full file-system paths for one -Path or -LiteralPath value; reports the value and yields none when it fails.</summary>
        private IReadOnlyList<string> ResolveFiles(string? path, bool literal)
        {
            try
            {
                if (string.IsNullOrEmpty(path))
                {
                    throw new MediaException(MediaErrorId.ImageNotFound, $"An empty path was given. Pass the path of a {Noun} file.");
                }

                ProviderInfo provider;
                IReadOnlyList<string> files;
                if (literal)
                {
                    files = new[] { SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) };
                }
                else
                {
                    files = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                    if (files.Count == 0)
                    {
                        throw new MediaException(MediaErrorId.ImageNotFound, $"No file matches '{path}'. Check the path and the wildcard.");
                    }
                }

                if (provider.ImplementingType != typeof(FileSystemProvider))
                {
                    throw new MediaException(MediaErrorId.UnsupportedProvider,
                        $"'{path}' is a {provider.Name} path. Only files can be converted: pass a path on a FileSystem drive.");
                }

                return files;
            }
            catch (MediaException ex)
            {
                WriteError(ErrorRecords.Create(ex, path));
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException)
            {
                WriteError(ErrorRecords.Create(new MediaException(MediaErrorId.ImageNotFound, $"Cannot find the {Noun} '{path}': {ex.Message}", ex), path));
            }
            catch (Exception ex) when (ex is PSArgumentException || ex is NotSupportedException || ex is ArgumentException)
            {
                WriteError(ErrorRecords.Create(new MediaException(MediaErrorId.ImageNotFound, $"'{path}' is not a valid path: {ex.Message}", ex), path));
            }

            return Array.Empty<string>();
        }
    }
}
