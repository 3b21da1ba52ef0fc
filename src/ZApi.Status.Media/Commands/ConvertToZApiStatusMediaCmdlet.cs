using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using ZApi.Shared.Files;
using ZApi.Shared.Paths;
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

        /// <summary>The type name that selects the output's table view (ZApi.Status.Media.format.ps1xml).</summary>
        internal const string ConvertedFileTypeName = "ZApi.Status.MediaModule.ConvertedFile";

        private CancellationTokenSource? _stopping;
        private FileArgumentResolver? _files;
        private ContentCache? _cache;
        private bool _pathFromCommandLine;

        #region Parameters

        /// <summary>Files; wildcards expand. Empty and null entries are reported, not bound away.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(SourcePathCompleter))]
        [LiteralPathRow]
        public string?[] Path { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(SourcePathCompleter))]
        public string?[] LiteralPath { get; set; } = null!;

        /// <summary>The cache folder; by default ZApi.Status.Media/Cache in the user's local application data.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Destination { get; set; }

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

        // Only this assembly's cmdlets derive from it.
        internal ConvertToZApiStatusMediaCmdlet()
        {
        }

        /// <summary>What the command reads: its category, words and error ids.</summary>
        internal abstract SourceKind Kind { get; }

        /// <summary>Converts one resolved file; throws <see cref="MediaException"/> for a bad input.</summary>
        internal abstract PreparedMedia Prepare(string file, ContentCache cache, CancellationToken cancellation);

        #region Method Overrides

        protected override void BeginProcessing()
        {
            _stopping = new CancellationTokenSource();
            // Bound now means bound on the command line; a -Path bound later came from the pipeline.
            _pathFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Path));
            _files = new FileArgumentResolver(SessionState, Kind.Wording);
        }

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string? path in (literal ? LiteralPath : Path) ?? new string?[] { null })
            {
                foreach (string file in ResolveFiles(path, literal))
                {
                    try
                    {
                        PreparedMedia prepared = Prepare(file, OpenCache(), _stopping!.Token);
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
            // Its own view shows each original beside what became of it; it is still a FileInfo to everything else.
            item.TypeNames.Insert(0, ConvertedFileTypeName);
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
                return _files!.Resolve(path, literal, fromPipeline: !_pathFromCommandLine);
            }
            catch (InputFileException ex)
            {
                WriteError(ErrorRecords.Create(Kind.ErrorFor(ex), path));
                return Array.Empty<string>();
            }
        }

        /// <summary>The cache in -Destination, or in the user's own folder; DestinationUnwritable when there is none.</summary>
        private ContentCache OpenCache()
        {
            if (_cache == null)
            {
                string destination = Destination ?? ContentCache.DefaultDirectory;
                try
                {
                    _cache = new ContentCache(GetUnresolvedProviderPathFromPSPath(destination));
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is FlowControlException))
                {
                    throw new MediaException(MediaErrorId.DestinationUnwritable,
                        $"'{destination}' is not a folder of the file system: {ex.Message} Pass -Destination with a folder you may write to.", ex, stopsTheBatch: true);
                }
            }

            return _cache;
        }
    }
}
