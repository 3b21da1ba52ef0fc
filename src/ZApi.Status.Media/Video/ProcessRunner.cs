using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;

namespace ZApi.Status.MediaModule.Video
{
    /// <summary>Runs ffmpeg or ffprobe: arguments quoted for any file name, both outputs drained, a time limit, Ctrl+C kills it.</summary>
    internal static class ProcessRunner
    {
        /// <summary>The last lines of the error output that a failure message quotes.</summary>
        private const int ErrorLinesKept = 6;

        public static ProcessResult Run(string file, IEnumerable<string> arguments, TimeSpan timeLimit, CancellationToken cancellation)
        {
            var start = new ProcessStartInfo(file, string.Join(" ", arguments.Select(Quote)))
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };

            var output = new StringBuilder();
            var errors = new Queue<string>();
            using (var process = new Process { StartInfo = start })
            {
                process.OutputDataReceived += (sender, e) =>
                {
                    if (e.Data != null)
                    {
                        lock (output)
                        {
                            output.AppendLine(e.Data);
                        }
                    }
                };
                process.ErrorDataReceived += (sender, e) =>
                {
                    if (!string.IsNullOrWhiteSpace(e.Data))
                    {
                        lock (errors)
                        {
                            errors.Enqueue(e.Data!.Trim());
                            while (errors.Count > ErrorLinesKept)
                            {
                                errors.Dequeue();
                            }
                        }
                    }
                };

                process.Start();
                process.StandardInput.Close();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                bool timedOut = false;
                using (cancellation.Register(() => Kill(process)))
                {
                    if (!process.WaitForExit((int)Math.Min(int.MaxValue, timeLimit.TotalMilliseconds)))
                    {
                        timedOut = true;
                        Kill(process);
                    }

                    // Waits for the output handlers to finish.
                    process.WaitForExit();
                }

                cancellation.ThrowIfCancellationRequested();
                lock (errors)
                {
                    return new ProcessResult(timedOut ? -1 : process.ExitCode, output.ToString(), string.Join(" ", errors), timedOut);
                }
            }
        }

        /// <summary>
        /// One argument as the Windows command-line parser (and .NET's own on Unix) reads it back: quoted when it has
        /// blanks or quotes, with backslashes doubled only where they precede a quote.
        /// </summary>
        internal static string Quote(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                return argument;
            }

            var quoted = new StringBuilder("\"");
            int backslashes = 0;
            foreach (char c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                quoted.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes);
                backslashes = 0;
                quoted.Append(c);
            }

            quoted.Append('\\', backslashes * 2);
            return quoted.Append('"').ToString();
        }

        private static void Kill(Process process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // It is ending.
            }
        }
    }
}
