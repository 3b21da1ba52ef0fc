using System;
using System.Collections.Generic;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using ZApi.Status.Client;
using ZApi.Status.Images;

namespace ZApi.Status.Commands
{
    /// <summary>Posts one WhatsApp status per input image and emits one result per status queued.</summary>
    [Cmdlet(VerbsCommunications.Send, "ZApiImageStatus", DefaultParameterSetName = PathSet,
        SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImageStatusResult))]
    public sealed class SendZApiImageStatusCommand : ZApiRequestCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string UriSet = "Uri";
        private const string Base64Set = "Base64";
        private const string ShouldProcessAction = "Post image status";

        private RetryPolicy _retry = null!;

        #region Parameters

        /// <summary>Image files; wildcards expand. Empty and null entries are reported, not bound away.</summary>
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

        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long MaximumImageBytes { get; set; } = ImageSources.DefaultMaximumImageBytes;

        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; } = 3;

        [Parameter]
        [ValidateRange(0, 3600)]
        public int RetryIntervalSec { get; set; } = 2;

        #endregion

        #region Method Overrides

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _retry = new RetryPolicy(MaximumRetryCount, TimeSpan.FromSeconds(RetryIntervalSec));
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
                            Post(file, () => ImageSources.FromFile(file, MaximumImageBytes));
                        }
                    }

                    break;
                case UriSet:
                    foreach (string? link in InputsOf(Uri))
                    {
                        Post(link, () => ImageSources.FromUri(link));
                    }

                    break;
                default:
                    foreach (string? text in InputsOf(Base64))
                    {
                        Post(text, () => ImageSources.FromBase64(text, MaximumImageBytes));
                    }

                    break;
            }
        }

        #endregion

        /// <summary>A $null piped in binds as a null array; it is still one input, reported as such.</summary>
        private static IEnumerable<string?> InputsOf(string?[]? values) => values ?? new string?[] { null };

        /// <summary>Full file-system paths for one -Path or -LiteralPath value; reports the value and yields none when it fails.</summary>
        private IReadOnlyList<string> ResolveFiles(string? path, bool literal)
        {
            try
            {
                if (string.IsNullOrEmpty(path))
                {
                    throw new ZApiException(ZApiErrorId.ImageNotFound, "An empty path was given. Pass the path of an image file.");
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
                Fail(new ZApiException(ZApiErrorId.ImageNotFound, $"Cannot find the image '{path}': {ex.Message}", ex), path);
            }
            catch (Exception ex) when (ex is PSArgumentException || ex is NotSupportedException || ex is ArgumentException)
            {
                Fail(new ZApiException(ZApiErrorId.ImageNotFound, $"'{path}' is not a valid path: {ex.Message}", ex), path);
            }

            return Array.Empty<string>();
        }

        /// <summary>Validates one image, asks ShouldProcess, posts it and writes its result or its error.</summary>
        private void Post(object? target, Func<ImageSource> validate)
        {
            ImageSource image;
            try
            {
                image = validate();
            }
            catch (ZApiException ex)
            {
                Fail(ex, target);
                return;
            }

            if (!ShouldProcess(image.Describe(), ShouldProcessAction))
            {
                return;
            }

            var post = new ImageStatusPost(image, Caption);
            ZApiSendResult sent;
            try
            {
                sent = Await((log, cancel) => Client.SendAsync(post, _retry, log, cancel));
            }
            catch (ZApiException ex)
            {
                Fail(ex, target);
                return;
            }

            WriteObject(new ImageStatusResult(image.Source, post.Caption, image.MimeType, image.ByteCount, sent.ZaapId, sent.MessageId, DateTimeOffset.Now));
        }
    }
}
