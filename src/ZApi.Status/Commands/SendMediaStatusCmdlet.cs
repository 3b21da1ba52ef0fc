using System;
using System.Collections.Generic;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using ZApi.Status.Media;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// The parameters Send-ZApiImageStatus and Send-ZApiVideoStatus bind: one status per file, link or Base64 input,
    /// with an optional caption. A subclass names its <see cref="MediaKind"/> and its size-limit parameter.
    /// </summary>
    public abstract class SendMediaStatusCmdlet : SendStatusCmdlet
    {
        internal const string PathSet = "Path";
        internal const string LiteralPathSet = "LiteralPath";
        internal const string UriSet = "Uri";
        internal const string Base64Set = "Base64";

        #region Parameters

        /// <summary>Files; wildcards expand. Empty and null entries are reported, not bound away.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(MediaPathCompleter))]
        [LiteralPathRow]
        public string?[] Path { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(MediaPathCompleter))]
        public string?[] LiteralPath { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = UriSet, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string?[] Uri { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = Base64Set, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string?[] Base64 { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? Caption { get; set; }

        /// <summary>
        /// The original of a converted file, as ConvertTo-ZApiStatusImage and -Video note it: results, messages and the
        /// history name it in place of the converted copy, whose bytes are posted.
        /// </summary>
        [Parameter(ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        public string? SourcePath { get; set; }

        #endregion

        private bool _pathFromCommandLine;

        // Only this assembly's cmdlets derive from it.
        internal SendMediaStatusCmdlet()
        {
        }

        internal abstract MediaKind Kind { get; }

        /// <summary>The value of the subclass's -Maximum*Bytes parameter.</summary>
        internal abstract long MaximumBytes { get; }

        internal override string StatusNoun => Kind.Noun;

        #region Method Overrides

        protected override void BeginProcessing()
        {
            // Bound now means bound on the command line; a -Path bound later came from the pipeline.
            _pathFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Path));
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case PathSet:
                case LiteralPathSet:
                    bool literal = ParameterSetName == LiteralPathSet;
                    foreach (string? path in InputsOf(literal ? LiteralPath : Path))
                    {
                        foreach (string file in ResolveFiles(path, literal))
                        {
                            string? original = string.IsNullOrEmpty(SourcePath) ? null : SourcePath;
                            Post(original ?? file, () => new MediaStatusPost(Kind, MediaSource.FromFile(Kind, file, MaximumBytes).ShownAs(original), Caption));
                        }
                    }

                    break;
                case UriSet:
                    foreach (string? link in InputsOf(Uri))
                    {
                        // The target too: an error record is shown, logged and exported, and the link may carry a password.
                        Post(link == null ? null : UserInfoMask.Apply(link), () => new MediaStatusPost(Kind, MediaSource.FromUri(Kind, link), Caption));
                    }

                    break;
                default:
                    foreach (string? text in InputsOf(Base64))
                    {
                        Post(text, () => new MediaStatusPost(Kind, MediaSource.FromBase64(Kind, text, MaximumBytes), Caption));
                    }

                    break;
            }
        }

        #endregion

        /// <summary>Full file-system paths for one -Path or -LiteralPath value; reports the value and yields none when it fails.</summary>
        private IReadOnlyList<string> ResolveFiles(string? path, bool literal)
        {
            try
            {
                if (string.IsNullOrEmpty(path))
                {
                    throw new ZApiException(Kind.NotFoundId, $"An empty path was given. Pass the path of {Kind.WithArticle} file.");
                }

                if (!literal && LiteralPathRowAttribute.TryGetFileSystemPath(path!, out string fileSystemPath))
                {
                    return new[] { fileSystemPath };
                }

                ProviderInfo provider;
                IReadOnlyList<string> files;
                // A path from the pipeline (a CSV column) that names an existing file as written is that file: as a
                // wildcard, 'photo [1].jpg' would publicly post 'photo 1.jpg'.
                if (literal || (!_pathFromCommandLine && WildcardPattern.ContainsWildcardCharacters(path) && ExistsLiterally(path!)))
                {
                    files = new[] { SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) };
                }
                else
                {
                    files = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                    if (files.Count == 0)
                    {
                        throw NothingMatches(path!);
                    }
                }

                if (provider.ImplementingType != typeof(FileSystemProvider))
                {
                    throw new ZApiException(ZApiErrorId.UnsupportedProvider,
                        $"'{path}' is a {provider.Name} path. Only files can be posted: pass a path on a FileSystem drive.");
                }

                return files;
            }
            catch (ZApiException ex)
            {
                Fail(ex, path);
            }
            catch (ItemNotFoundException ex) when (!literal)
            {
                Fail(NothingMatches(path!, ex), path);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException)
            {
                // PowerShell's own message repeats the path, so it stays in InnerException.
                Fail(new ZApiException(Kind.NotFoundId, $"Cannot find the {Kind.Noun} '{path}'. Check the path and try again.", ex), path);
            }
            catch (Exception ex) when (ex is PSArgumentException || ex is NotSupportedException || ex is ArgumentException)
            {
                Fail(new ZApiException(Kind.NotFoundId, $"'{path}' is not a valid path: {ex.Message}", ex), path);
            }
            catch (Exception ex) when (IsInputFailure(ex) && !(ex is PipelineStoppedException))
            {
                Fail(new ZApiException(Kind.UnreadableId, $"Cannot resolve '{path}': {ex.Message}", ex), path);
            }

            return Array.Empty<string>();
        }

        /// <summary>A -Path that resolves to no file. Brackets are wildcards there, the usual surprise in a file name.</summary>
        private ZApiException NothingMatches(string path, Exception? inner = null)
        {
            string advice = path.IndexOfAny(new[] { '[', ']' }) >= 0
                ? " Square brackets are wildcards in -Path: to take the name as written, pass it with -LiteralPath (in a CSV, name the column LiteralPath)."
                : " Check the path and the wildcard.";
            return new ZApiException(Kind.NotFoundId, $"No file matches '{path}'.{advice}", inner);
        }

        private bool ExistsLiterally(string path)
        {
            try
            {
                return SessionState.InvokeProvider.Item.Exists(path, force: true, literalPath: true);
            }
            catch (Exception ex) when (IsInputFailure(ex))
            {
                return false;
            }
        }
    }
}
