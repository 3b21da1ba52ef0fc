using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using ImageMagick;
using ImageMagick.Configuration;

namespace ZApi.Status.MediaModule.Images
{
    /// <summary>
    /// Makes Magick.NET usable from a module folder, once per process, before its first use: finds the native
    /// ImageMagick for this platform under runtimes/&lt;rid&gt;/native, restricts ImageMagick's policy to the formats the
    /// module decodes and encodes, and sets the resource limits that turn a decompression bomb into an error.
    /// Nothing here runs at Import-Module: the Magick.NET assemblies load with the first conversion.
    /// </summary>
    internal static class MagickRuntime
    {
        /// <summary>The runtimes the module ships a native ImageMagick for (see the LayOutModule target).</summary>
        public static readonly string[] ShippedRuntimes = { "linux-x64", "win-x64" };

        /// <summary>The coders the policy allows; everything else (SVG, MSL, text, PDF, URL, ...) is refused by ImageMagick itself.</summary>
        public static readonly string[] AllowedCoders = { "JPEG", "PNG", "GIF", "WEBP", "HEIC", "AVIF", "TIFF", "BMP" };

        /// <summary>Larger than any phone photo or panorama; a header that claims more is refused before decoding.</summary>
        public const long MaximumPixels = 100_000_000;

        public const int MaximumSide = 30_000;

        /// <summary>libpng's own limit: a header that claims more is invalid, not merely large.</summary>
        public const int HeaderSideLimit = 1_000_000;

        /// <summary>ImageMagick's pixel cache in memory; beyond it, the disk cache up to <see cref="DiskLimit"/>, then an error.</summary>
        public const ulong MemoryLimit = 256UL * 1024 * 1024;

        public const ulong DiskLimit = 1024UL * 1024 * 1024;

        /// <summary>No single allocation a crafted header can ask for beyond this.</summary>
        public const ulong MaximumMemoryRequest = 256UL * 1024 * 1024;

        /// <summary>Frames of an animation ImageMagick will list.</summary>
        public const ulong MaximumFrames = 1000;

        private static readonly object Gate = new object();
        private static bool _ready;
        private static string? _nativeDirectory;

        public static void EnsureReady()
        {
            lock (Gate)
            {
                if (_ready)
                {
                    return;
                }

                LocateNativeLibrary();
                RestrictPolicy();
                CheckPolicyIsInForce();
                // ImageMagick's own side limits stay far above the module's, so that a header claiming a huge
                // image is read, and refused by ImagePreparer with its dimensions in the message, before decoding.
                ResourceLimits.Width = HeaderSideLimit;
                ResourceLimits.Height = HeaderSideLimit;
                ResourceLimits.Memory = MemoryLimit;
                ResourceLimits.Disk = DiskLimit;
                ResourceLimits.MaxMemoryRequest = MaximumMemoryRequest;
                ResourceLimits.ListLength = MaximumFrames;
                _ready = true;
            }
        }

        /// <summary>The .NET runtime identifier of this process's platform, as NuGet names its runtimes folders.</summary>
        public static string CurrentRuntimeIdentifier()
        {
            string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
                : "linux";
            switch (RuntimeInformation.ProcessArchitecture)
            {
                case Architecture.X64: return os + "-x64";
                case Architecture.X86: return os + "-x86";
                case Architecture.Arm64: return os + "-arm64";
                default: return os + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            }
        }

        private static void LocateNativeLibrary()
        {
            string rid = CurrentRuntimeIdentifier();
            string moduleDirectory = Path.GetDirectoryName(typeof(MagickRuntime).Assembly.Location) ?? ".";
            string nativeDirectory = Path.Combine(moduleDirectory, "runtimes", rid, "native");
            if (!Directory.Exists(nativeDirectory))
            {
                throw new MediaException(MediaErrorId.MediaConversionFailed,
                    $"ZApi.Status.MediaModule ships ImageMagick for {string.Join(" and ", ShippedRuntimes)}; this process is {rid}, and '{nativeDirectory}' does not exist. " +
                    "Run it on one of those platforms (64-bit PowerShell), or build the module with this runtime added to ShippedNativeRuntime.",
                    stopsTheBatch: true);
            }

            _nativeDirectory = nativeDirectory;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // Windows PowerShell 5.1 (.NET Framework has no resolver): LoadLibrary looks in this folder too.
                MagickNET.SetNativeLibraryDirectory(nativeDirectory);
            }

            RegisterResolver();
        }

        /// <summary>
        /// PowerShell 7 looks for a native library beside the assembly, not in runtimes/&lt;rid&gt;/native:
        /// NativeLibrary.SetDllImportResolver answers for Magick.NET's assembly with the file's full path. It is
        /// reached by reflection because the module is compiled against netstandard2.0, which does not have it; on
        /// .NET Framework it does not exist and nothing happens.
        /// </summary>
        private static void RegisterResolver()
        {
            Type? nativeLibrary = Type.GetType("System.Runtime.InteropServices.NativeLibrary", throwOnError: false);
            Type? resolverType = Type.GetType("System.Runtime.InteropServices.DllImportResolver", throwOnError: false);
            MethodInfo? setResolver = resolverType == null ? null : nativeLibrary?.GetMethod("SetDllImportResolver", new[] { typeof(Assembly), resolverType });
            if (setResolver == null || resolverType == null)
            {
                return;
            }

            MethodInfo resolve = typeof(MagickRuntime).GetMethod(nameof(ResolveNativeLibrary), BindingFlags.NonPublic | BindingFlags.Static)!;
            try
            {
                setResolver.Invoke(null, new object[] { typeof(MagickImage).Assembly, Delegate.CreateDelegate(resolverType, resolve) });
            }
            catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException)
            {
                // A resolver is already set for Magick.NET in this process (the module was imported before): it finds the same files.
            }
        }

        private static IntPtr ResolveNativeLibrary(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        {
            if (_nativeDirectory == null || !libraryName.StartsWith("Magick.Native", StringComparison.Ordinal))
            {
                return IntPtr.Zero;
            }

            string? file = Directory.GetFiles(_nativeDirectory, libraryName + "*").OrderBy(name => name.Length).FirstOrDefault();
            if (file == null)
            {
                return IntPtr.Zero;
            }

            MethodInfo load = Type.GetType("System.Runtime.InteropServices.NativeLibrary")!.GetMethod("Load", new[] { typeof(string) })!;
            return (IntPtr)load.Invoke(null, new object[] { file })!;
        }

        /// <summary>
        /// ImageMagick reads its policy from policy.xml in MAGICK_CONFIGURE_PATH. The files go to one folder per policy
        /// and Magick.NET version under the user's local application data (not the shared temporary folder, where
        /// another user could plant a policy or delegates file), written under a unique name and renamed, so parallel
        /// processes never see half a file. A folder whose policy is not ours is not used.
        /// </summary>
        private static void RestrictPolicy()
        {
            var files = ConfigurationFiles.Default;
            files.Policy.Data = PolicyXml;
            string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            string folder = Path.Combine(string.IsNullOrEmpty(root) ? Path.GetTempPath() : root, "ZApi.Status.MediaModule", "magick-" + Fingerprint(PolicyXml + MagickNET.Version));
            if (string.IsNullOrEmpty(root) || (File.Exists(Path.Combine(folder, "policy.xml")) && !HoldsOurPolicy(folder)))
            {
                // No private folder to share between runs: this process's own.
                folder += "-" + Guid.NewGuid().ToString("N");
            }

            if (!HoldsOurPolicy(folder))
            {
                string staging = folder + "." + Guid.NewGuid().ToString("N");
                Directory.CreateDirectory(staging);
                MagickNET.Initialize(files, staging);
                try
                {
                    Directory.Move(staging, folder);
                }
                catch (IOException) when (HoldsOurPolicy(folder))
                {
                    // Another process put the same files there first.
                    Directory.Delete(staging, recursive: true);
                }
            }

            MagickNET.Initialize(folder);
        }

        private static bool HoldsOurPolicy(string folder)
        {
            string policy = Path.Combine(folder, "policy.xml");
            return File.Exists(policy) && File.ReadAllText(policy) == PolicyXml;
        }

        /// <summary>
        /// ImageMagick reads its policy once, when it starts. If something else in this process started it first (another
        /// module on Magick.NET), the restriction above never took effect: refuse to decode rather than decode unrestricted.
        /// </summary>
        private static void CheckPolicyIsInForce()
        {
            try
            {
                using (new MagickImage(Encoding.ASCII.GetBytes("policy check"), new MagickReadSettings { Format = MagickFormat.Txt }))
                {
                }
            }
            catch (MagickPolicyErrorException)
            {
                return;
            }
            catch (MagickException)
            {
                // Refused for another reason: the coder still ran, so the policy is not in force.
            }

            throw new MediaException(MediaErrorId.MediaConversionFailed,
                "ImageMagick was started in this process before ZApi.Status.MediaModule could restrict it to the photo formats (another module uses Magick.NET), " +
                "so nothing is decoded. Import ZApi.Status.MediaModule in a new PowerShell session before that module.",
                stopsTheBatch: true);
        }

        internal static string PolicyXml
        {
            get
            {
                var xml = new StringBuilder();
                xml.AppendLine("<policymap>");
                xml.AppendLine("  <policy domain=\"delegate\" rights=\"none\" pattern=\"*\" />");
                xml.AppendLine("  <policy domain=\"filter\" rights=\"none\" pattern=\"*\" />");
                xml.AppendLine("  <policy domain=\"path\" rights=\"none\" pattern=\"@*\" />");
                xml.AppendLine("  <policy domain=\"coder\" rights=\"none\" pattern=\"*\" />");
                xml.AppendLine("  <policy domain=\"coder\" rights=\"read | write\" pattern=\"{" + string.Join(",", AllowedCoders) + "}\" />");
                xml.AppendLine("</policymap>");
                return xml.ToString();
            }
        }

        private static string Fingerprint(string text)
        {
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
                return BitConverter.ToString(hash, 0, 6).Replace("-", string.Empty).ToLowerInvariant();
            }
        }
    }
}
