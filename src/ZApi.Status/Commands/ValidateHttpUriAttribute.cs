using System;
using System.Management.Automation;

namespace ZApi.Status.Commands
{
    /// <summary>Accepts only an absolute http or https URI.</summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class ValidateHttpUriAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            object? value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (!ZApiConnection.TryParseBaseUri(value?.ToString(), out _))
            {
                throw new ValidationMetadataException($"'{UriSecretMask.Apply(value?.ToString())}' is not an absolute http or https URI. Pass one such as https://api.z-api.io.");
            }

            if (value is Uri uri && uri.UserInfo.Length > 0)
            {
                throw new ValidationMetadataException("The URI carries a user name or password, which would show wherever the URI does. Pass it without them, and the proxy's credentials with -ProxyCredential.");
            }
        }
    }
}
