using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using ZApi.Status.Client;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// Runs when the module is imported and removed. On import it resolves System.Text.Json, its dependencies and
    /// Wcwidth from the module's Dependencies folder, answering only for the assemblies shipped there. PowerShell 7
    /// asks only for Wcwidth (it has newer copies of the rest loaded); Windows PowerShell 5.1 asks for all. Not
    /// RequiredAssemblies: that would load our copies into every session up front, beside other modules' ones.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly DependencyResolver Resolver = new DependencyResolver(
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "Dependencies"));

        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += Resolver.Resolve;

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= Resolver.Resolve;
            // Remove-Module closes the kept-alive connections rather than leaving them to the process's end.
            HttpClientCache.DisposeAll();
        }
    }
}
