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
            if (value == null || (value is string text && text.Length == 0))
            {
                // PowerShell names the parameter before this message; what it cannot say is why the value is empty.
                throw new ArgumentTransformationMetadataException(
                    "The value is empty. If it came from an environment variable (such as $env:ZAPI_CLIENT_TOKEN) or a variable, that variable is not set in this session: "
                    + "set it, or pass the secret from Get-Secret or Read-Host -AsSecureString.");
            }

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
                string plain => ZApiConnection.ToSecureString(plain),
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
}
