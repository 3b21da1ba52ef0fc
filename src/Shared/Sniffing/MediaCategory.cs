// src/Shared is compiled into more than one assembly as internal code. The files in this folder are compiled into
// ZApi.Sandbox as well: they may use only the base class library and each other.
namespace ZApi.Shared.Sniffing
{
    /// <summary>What a format holds, as far as the status commands care.</summary>
    internal enum MediaCategory
    {
        Image,
        Video,

        /// <summary>Recognised, but neither a photo nor a clip that any command reads (PDF, SVG, text, ...).</summary>
        Other,
    }
}
