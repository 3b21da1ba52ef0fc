using System;
using System.Collections.Generic;
using System.Text;

namespace ZApi.Status
{
    /// <summary>
    /// Fits free text (a caption, a message, a file name) into a table column of the module's views. PowerShell's
    /// table layout counts UTF-16 code units, so its own cut can split an emoji, a flag or a family into boxes, and
    /// it pads cells by that count, not by what the terminal shows. These methods cut only between whole characters
    /// (grapheme clusters) and make the result fit by both measures: the terminal's columns and PowerShell's count,
    /// so PowerShell never cuts or wraps it again and the terminal never draws it wider than its column. Public
    /// because the format file calls it.
    /// </summary>
    public static class ColumnText
    {
        private const string Ellipsis = "\u2026";

        /// <summary>The text on one line (runs of white space become one space), cut at the end with an ellipsis to fit <paramref name="columns"/> columns.</summary>
        public static string Fit(string? text, int columns) => Shorten(text, columns, keepEnd: false);

        /// <summary>
        /// The text on one line, cut in the middle with an ellipsis to fit <paramref name="columns"/> columns: the
        /// start and the end stay, which is where file names and links differ (IMG-2026…-WA0001.jpg).
        /// </summary>
        public static string FitMiddle(string? text, int columns) => Shorten(text, columns, keepEnd: true);

        /// <summary>The terminal columns <paramref name="text"/> takes.</summary>
        public static int Width(string? text)
        {
            int width = 0;
            foreach (Cluster cluster in Clusters(text ?? string.Empty))
            {
                width += cluster.Width;
            }

            return width;
        }

        private static string Shorten(string? text, int columns, bool keepEnd)
        {
            string line = OneLine(text);
            if (columns <= 0)
            {
                return string.Empty;
            }

            List<Cluster> clusters = Clusters(line);
            int room = 0;
            foreach (Cluster cluster in clusters)
            {
                room += cluster.Room;
            }

            if (room <= columns)
            {
                return line;
            }

            // The ellipsis is one column by both measures.
            int budget = columns - 1;
            int headBudget = keepEnd ? budget / 2 : budget;
            int head = 0, used = 0;
            while (head < clusters.Count && used + clusters[head].Room <= headBudget)
            {
                used += clusters[head].Room;
                head++;
            }

            int tail = clusters.Count;
            if (keepEnd)
            {
                while (tail > head && used + clusters[tail - 1].Room <= budget)
                {
                    used += clusters[tail - 1].Room;
                    tail--;
                }
            }

            string start = line.Substring(0, head == 0 ? 0 : clusters[head - 1].End).TrimEnd();
            string end = tail == clusters.Count ? string.Empty : line.Substring(clusters[tail].Start).TrimStart();
            return start + Ellipsis + end;
        }

        private static string OneLine(string? text)
        {
            var line = new StringBuilder((text ?? string.Empty).Length);
            bool space = false;
            foreach (char c in (text ?? string.Empty).Trim())
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    space = true;
                    continue;
                }

                if (space)
                {
                    line.Append(' ');
                    space = false;
                }

                line.Append(c);
            }

            return line.ToString();
        }

        private static List<Cluster> Clusters(string text)
        {
            var clusters = new List<Cluster>();
            for (int start = 0; start < text.Length;)
            {
                int length = GraphemeClusters.NextLength(text, start);
                int width = TerminalWidth.OfCluster(text, start, length);
                clusters.Add(new Cluster(start, length, width, Math.Max(width, TerminalWidth.PowerShellColumns(text, start, length))));
                start += length;
            }

            return clusters;
        }

        /// <summary>One grapheme cluster: where it is, its terminal columns, and the room it needs by both measures.</summary>
        private readonly struct Cluster
        {
            public Cluster(int start, int length, int width, int room)
            {
                Start = start;
                End = start + length;
                Width = width;
                Room = room;
            }

            public int Start { get; }

            public int End { get; }

            public int Width { get; }

            public int Room { get; }
        }
    }
}
