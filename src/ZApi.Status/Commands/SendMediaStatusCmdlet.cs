using System;
using System.Collections.Generic;
using System.Management.Automation;
using ZApi.Shared.Files;
using ZApi.Shared.Paths;
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
        private FileArgumentResolver? _files;

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
            _files = new FileArgumentResolver(SessionState, Kind.Wording);
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
                        // The target too: an error record is shown, logged and exported, and the link may carry a password or a signature.
                        Post(link == null ? null : UriSecretMask.Apply(link), () => new MediaStatusPost(Kind, MediaSource.FromUri(Kind, link), Caption));
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
                return _files!.Resolve(path, literal, fromPipeline: !_pathFromCommandLine);
            }
            catch (InputFileException ex)
            {
                Fail(Kind.ErrorFor(ex), path);
                return Array.Empty<string>();
            }
        }
    }
}
