using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace ZApi.Status.Tables
{
    /// <summary>
    /// An OAuth access token for storage that the caller got (Get-AzAccessToken -ResourceUrl https://storage.azure.com/),
    /// sent as "Authorization: Bearer". It is not renewed: a pipeline that outlives it fails at the table.
    /// </summary>
    internal sealed class BearerCredential : TableCredential
    {
        private readonly string _token;

        public BearerCredential(string token, string description = "the access token from -HistoryTableAccessToken")
        {
            _token = token.Trim();
            Description = description;
        }

        public override string Description { get; }

        public override IEnumerable<string> Secrets
        {
            get { yield return _token; }
        }

        public override Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorize(request, _token);
            return Task.CompletedTask;
        }

        /// <summary>The header every bearer token travels in; the table service wants x-ms-version 2019-02-02 or later with it.</summary>
        internal static void Authorize(HttpRequestMessage request, string token) =>
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
}
