using System;
using System.Collections.Generic;
using System.Linq;

namespace ZApi.Status.Client
{
    /// <summary>An exception and the ones inside it: handlers wrap the cause that decides what happened several layers deep.</summary>
    internal static class ExceptionChain
    {
        /// <summary>The exception, then each inner one; empty for null.</summary>
        public static IEnumerable<Exception> Of(Exception? exception)
        {
            for (Exception? current = exception; current != null; current = current.InnerException)
            {
                yield return current;
            }
        }

        /// <summary>The first exception of the type in the chain, or null.</summary>
        public static T? Find<T>(Exception? exception)
            where T : Exception =>
            Of(exception).OfType<T>().FirstOrDefault();

        /// <summary>The deepest cause, whose message says what really failed.</summary>
        public static Exception Innermost(Exception exception) => Of(exception).Last();
    }
}
