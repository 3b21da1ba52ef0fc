using System.Collections.Generic;
using System.Net.Http;
using ZApi.Status.Client;

namespace ZApi.Status.Images
{
    /// <summary>send-image-status: {"image": link or data URI, "caption"?}.</summary>
    internal sealed class ImageStatusPost : StatusPost
    {
        public ImageStatusPost(ImageSource image, string? caption)
        {
            Image = image;
            // An empty CSV cell means no caption, as Z-API's "caption omitted" does.
            Caption = string.IsNullOrEmpty(caption) ? null : caption;
        }

        public ImageSource Image { get; }

        public string? Caption { get; }

        public override string Action => "send-image-status";

        public override HttpContent CreateContent()
        {
            var caption = new KeyValuePair<string, string?>("caption", Caption);
            return Image.Link != null
                ? JsonBody.Content(new[] { new KeyValuePair<string, string?>("image", Image.Link), caption })
                : new DataUriJsonContent("image", Image.MimeType!, Image.ByteCount!.Value, Image.OpenContent, new[] { caption });
        }
    }
}
