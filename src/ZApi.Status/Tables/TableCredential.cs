using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ZApi.Status.Tables
{
    /// <summary>How requests to a table are authorised: a SAS, a bearer token, or a managed identity's tokens.</summary>
    internal abstract class TableCredential
    {
        /// <summary>What the credential is, as a message names it: "a SAS", "the managed identity of Azure Automation".</summary>
        public abstract string Description { get; }

        /// <summary>Every secret this credential holds or has fetched so far, so that no message shows one.</summary>
        public abstract IEnumerable<string> Secrets { get; }

        /// <summary>Signs one request (each attempt of it anew: a token may have been renewed).</summary>
        /// <exception cref="ZApiException">HistoryUnavailable: no token could be had.</exception>
        public abstract Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken);
    }
}
