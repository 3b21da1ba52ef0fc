using System;
using System.Management.Automation;
using System.Net;
using System.Security;

namespace ZApi.Status.Commands
{
    /// <summary>
    /// Lets a secret parameter take a SecureString (Get-Secret's default), a PSCredential (its password) or a plain
    /// string (an automation variable), and hands the cmdlet a SecureString either way.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class SecretArgumentAttribute : ArgumentTransformationAttribute
    {
        /// <summary>
        /// Also takes what Get-AzAccessToken returns, by its Token property: a string in older Az.Accounts, a
        /// SecureString in newer ones.
        /// </summary>
        public bool AcceptsAccessToken { get; set; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (AcceptsAccessToken && !(value is SecureString || value is string || value is PSCredential || value is NetworkCredential)
                // The wrapper, not its base object: a [pscustomobject]'s properties live only on the wrapper.
                && inputData != null && PSObject.AsPSObject(inputData).Properties["Token"]?.Value is object token)
            {
                value = token is PSObject inner ? inner.BaseObject : token;
            }

            SecureString? secret = value switch
            {
                SecureString secure => secure,
                PSCredential credential => credential.Password,
                NetworkCredential credential => credential.SecurePassword,
                string text => ZApiConnection.ToSecureString(text),
                _ => null,
            };

            if (secret == null)
            {
                throw new ArgumentTransformationMetadataException(
                    "Pass the secret as a SecureString (for example from Get-Secret or Read-Host -AsSecureString), a PSCredential, or a string"
                    + (AcceptsAccessToken ? ", or what Get-AzAccessToken returns." : "."));
            }

            if (secret.Length == 0)
            {
                throw new ArgumentTransformationMetadataException("The secret is empty. Pass the value itself: from the Z-API panel, the Azure portal or your secret store.");
            }

            return secret;
        }
    }

    /// <summary>Accepts only an absolute http or https URI.</summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class ValidateHttpUriAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            object? value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (!ZApiConnection.TryParseBaseUri(value?.ToString(), out _))
            {
                throw new ValidationMetadataException($"'{UserInfoMask.Apply(value?.ToString())}' is not an absolute http or https URI. Pass one such as https://api.z-api.io.");
            }

            if (value is Uri uri && uri.UserInfo.Length > 0)
            {
                throw new ValidationMetadataException("The URI carries a user name or password, which would show wherever the URI does. Pass it without them, and the proxy's credentials with -ProxyCredential.");
            }
        }
    }
}
