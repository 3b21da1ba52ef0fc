using System;
using System.Collections.Generic;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using ZApi.Status.Client;
using ZApi.Status.Images;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// Send-ZApiImageStatus and Send-ZApiVideoStatus: one status per file, link or Base64 input, with an optional
    /// caption. A subclass names its <see cref="MediaKind"/>, its size-limit parameter and its result type.
    /// </summary>
    public abstract class SendZApiMediaStatusCmdlet : SendZApiStatusCmdlet
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

        #endregion

        internal abstract MediaKind Kind { get; }

        /// <summary>The value of the subclass's -Maximum*Bytes parameter.</summary>
        internal abstract long MaximumBytes { get; }

        internal override string ShouldProcessAction => "Post " + Kind.Noun + " status";

        internal abstract MediaStatusResult CreateResult(MediaStatusPost post, ZApiSendResult sent, DateTimeOffset sentAt);

        #region Method Overrides

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
                            Send(file, () => Validated(MediaSources.FromFile(Kind, file, MaximumBytes)), CreateResult);
                        }
                    }

                    break;
                case UriSet:
                    foreach (string? link in InputsOf(Uri))
                    {
                        Send(link, () => Validated(MediaSources.FromUri(Kind, link)), CreateResult);
                    }

                    break;
                default:
                    foreach (string? text in InputsOf(Base64))
                    {
                        Send(text, () => Validated(MediaSources.FromBase64(Kind, text, MaximumBytes)), CreateResult);
                    }

                    break;
            }
        }

        #endregion

        private MediaStatusPost Validated(MediaSource media) => new MediaStatusPost(Kind, media, Caption);

        /// <summary>Full file-system paths for one -Path or -LiteralPath value; reports the value and yields none when it fails.</summary>
        private IReadOnlyList<string> ResolveFiles(string? path, bool literal)
        {
            try
            {
                if (string.IsNullOrEmpty(path))
                {
                    throw new ZApiException(ZApiErrorId.ImageNotFound, $"An empty path was given. Pass the path of {Kind.WithArticle} file.");
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
                        throw new ZApiException(ZApiErrorId.ImageNotFound, $"No file matches '{path}'. Check the path and the wildcard.");
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
            catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException)
            {
                Fail(new ZApiException(ZApiErrorId.ImageNotFound, $"Cannot find the {Kind.Noun} '{path}': {ex.Message}", ex), path);
            }
            catch (Exception ex) when (ex is PSArgumentException || ex is NotSupportedException || ex is ArgumentException)
            {
                Fail(new ZApiException(ZApiErrorId.ImageNotFound, $"'{path}' is not a valid path: {ex.Message}", ex), path);
            }

            return Array.Empty<string>();
        }
    }
}
