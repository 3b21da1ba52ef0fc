using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZApi.Status.Client;

namespace ZApi.Status.Tables
{
    /// <summary>A shared access signature: its query string is added to every request's own.</summary>
    internal sealed class SasCredential : TableCredential
    {
        private readonly string _sas;

        /// <param name="sas">The query string, with or without its leading '?', as the portal gives it.</param>
        public SasCredential(string sas)
        {
            _sas = sas.Trim().TrimStart('?');
        }

        public override string Description => "a SAS";

        public override IEnumerable<string> Secrets => SecretRedactor.FormsOfSas(_sas);

        public override Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uri uri = request.RequestUri!;
            string query = uri.Query.Length > 1 ? uri.Query.Substring(1) + "&" + _sas : _sas;
            request.RequestUri = new UriBuilder(uri) { Query = query }.Uri;
            return Task.CompletedTask;
        }
    }
}
