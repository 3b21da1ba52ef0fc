using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace ZApi.Status.Commands
{
    /// <summary>Maps a requested assembly name to a file in one folder, for the names of the files in it only.</summary>
    internal sealed class DependencyResolver
    {
        private readonly Lazy<Dictionary<string, string>> _shipped;

        public DependencyResolver(string folder)
        {
            _shipped = new Lazy<Dictionary<string, string>>(() =>
            {
                var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (Directory.Exists(folder))
                {
                    foreach (string file in Directory.GetFiles(folder, "*.dll"))
                    {
                        files[Path.GetFileNameWithoutExtension(file)] = file;
                    }
                }

                return files;
            });
        }

        /// <summary>The file to load for <paramref name="requested"/>, or null when it is not one of ours.</summary>
        public string? PathFor(AssemblyName requested) =>
            requested.Name != null && _shipped.Value.TryGetValue(requested.Name, out string? file) ? file : null;

        public Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string? file = PathFor(new AssemblyName(args.Name));
            return file == null ? null : Assembly.LoadFrom(file);
        }
    }
}
