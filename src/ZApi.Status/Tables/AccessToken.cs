using System;

namespace ZApi.Status.Tables
{
    /// <summary>A bearer token and when it stops being accepted.</summary>
    internal sealed class AccessToken
    {
        public AccessToken(string token, DateTimeOffset expiresOn)
        {
            Token = token;
            ExpiresOn = expiresOn;
        }

        public string Token { get; }

        public DateTimeOffset ExpiresOn { get; }
    }
}
