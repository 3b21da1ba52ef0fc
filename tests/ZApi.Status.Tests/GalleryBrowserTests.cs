using System.Net.Http.Json;
using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace ZApi.Status.Tests;

/// <summary>
/// The gallery as a person sees it: headless Chromium loads it after real posts, at a desktop and at a phone width,
/// and measures where every card, its media and its caption land. Skipped where no Chromium exists.
/// </summary>
public sealed class GalleryBrowserTests : IClassFixture<SandboxServer>
{
    private const string SkipReason = "No Chromium and chromedriver on this machine (on Debian: apt-get install chromium chromium-driver).";

    private static readonly string[] Browsers = { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" };
    private static readonly string[] Drivers = { "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver" };

    // Every card's geometry in page coordinates, each measured with its card scrolled to the middle of the window.
    private const string MeasureScript = """
        const page = e => { if (!e) return null; const r = e.getBoundingClientRect(); return { left: r.left, top: r.top + scrollY, right: r.right, bottom: r.bottom + scrollY }; };
        const cards = [...document.querySelectorAll('main article.status')].map(card => {
          card.scrollIntoView({ block: 'center' });
          const media = card.querySelector('.media, img, video, .text, .link');
          const caption = card.querySelector('.caption');
          let textBox = null, onTop = false, fontPx = 0;
          if (caption) {
            const range = document.createRange();
            range.selectNodeContents(caption);
            const t = range.getBoundingClientRect();
            onTop = caption.contains(document.elementFromPoint(t.left + t.width / 2, t.top + t.height / 2));
            textBox = { left: t.left, top: t.top + scrollY, right: t.right, bottom: t.bottom + scrollY };
            fontPx = parseFloat(getComputedStyle(caption).fontSize);
          }
          return {
            id: card.dataset.id, card: page(card), media: page(media), caption: page(caption),
            captionText: caption ? caption.textContent : null, captionTextBox: textBox, captionOnTop: onTop, captionFontPx: fontPx,
            naturalWidth: media.tagName === 'IMG' && media.complete ? media.naturalWidth : 0,
            timeLeft: card.querySelector('.left')?.textContent ?? ''
          };
        });
        return JSON.stringify({ viewportWidth: document.documentElement.clientWidth, viewportHeight: innerHeight,
          scrollWidth: document.documentElement.scrollWidth, cards });
        """;

    private readonly SandboxServer _sandbox;
    private readonly ITestOutputHelper _output;

    public GalleryBrowserTests(SandboxServer sandbox, ITestOutputHelper output)
    {
        _sandbox = sandbox;
        _output = output;
    }

    [SkippableTheory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task Each_status_is_a_story_card_that_its_media_fills_with_the_caption_readable_over_it(int width, int height)
    {
        string? browser = Browsers.FirstOrDefault(File.Exists);
        string? driver = Drivers.FirstOrDefault(File.Exists);
        Skip.If(browser == null || driver == null, SkipReason);

        await _sandbox.ResetAsync();
        // A phone photo, a landscape one with a caption that wraps, a tiny image scaled up, and a text status.
        var posted = new[]
        {
            await PostAsync("send-image-status", TestPng.Gradient(270, 480), "Portrait, as phones take them ✓"),
            await PostAsync("send-image-status", TestPng.Gradient(480, 270), "A landscape photo with a caption long enough to wrap over two or three lines"),
            await PostAsync("send-image-status", TestPng.Gradient(2, 2), "Gallery check ✓"),
            await PostAsync("send-text-status", null, "Open today 9-18"),
        };

        using ChromeDriver chrome = StartChrome(browser!, driver!);
        // The exact viewport a desktop window or a phone gives the page (a phone also honours the viewport meta tag).
        chrome.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = width < 600,
        });
        chrome.Navigate().GoToUrl(_sandbox.BaseUri);
        var layout = JsonSerializer.Deserialize<GalleryLayout>((string)chrome.ExecuteScript(MeasureScript)!, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        string screenshot = Path.Combine(AppContext.BaseDirectory, $"gallery-{width}x{height}.png");
        ((IJavaScriptExecutor)chrome).ExecuteScript("window.scrollTo(0, 0)");
        ((ITakesScreenshot)chrome).GetScreenshot().SaveAsFile(screenshot);
        _output.WriteLine($"Screenshot: {screenshot}");

        Assert.True(layout.ScrollWidth <= layout.ViewportWidth, $"The page scrolls sideways at {width} px: {layout.ScrollWidth} px wide.");
        Assert.Equal(Enumerable.Reverse(posted).Select(p => p.Id), layout.Cards.Select(c => c.Id)); // newest first
        foreach (CardLayout card in layout.Cards)
        {
            PostedStatus status = posted.Single(p => p.Id == card.Id);
            string where = $"card {status.Caption ?? status.Id} at {width} px";
            Assert.True(card.Card.Left >= 0 && card.Card.Right <= layout.ViewportWidth, $"{where} is outside the window: {card.Card}.");
            Assert.InRange(card.Card.Height / card.Card.Width, 16.0 / 9 - 0.02, 16.0 / 9 + 0.02);
            Assert.True(card.Card.Height <= layout.ViewportHeight, $"{where} is taller than the window: {card.Card}.");
            Assert.True(card.Media.Covers(card.Card), $"{where}: the media {card.Media} does not fill the card {card.Card}.");
            Assert.Matches(@"^\d+ h \d+ min left$", card.TimeLeft);
            if (status.Width is int imageWidth)
            {
                Assert.Equal(imageWidth, card.NaturalWidth); // the posted bytes decoded in the browser
            }

            if (status.Caption != null)
            {
                Assert.Equal(status.Caption, card.CaptionText);
                Assert.True(Math.Abs(card.Caption!.Bottom - card.Card.Bottom) <= 1, $"{where}: empty space under the caption {card.Caption} in {card.Card}.");
                Assert.True(card.Card.Covers(card.CaptionTextBox!), $"{where}: the caption text {card.CaptionTextBox} is cut off by the card {card.Card}.");
                Assert.True(card.CaptionOnTop, $"{where}: something covers the caption.");
                Assert.True(card.CaptionFontPx >= 14, $"{where}: caption font {card.CaptionFontPx} px is too small to read.");
            }
        }

        if (width >= 1000)
        {
            // A desktop window shows stories side by side rather than a single column of giants.
            double firstRow = layout.Cards[0].Card.Top;
            Assert.True(layout.Cards.Count(c => Math.Abs(c.Card.Top - firstRow) < 1) >= 4, $"Fewer than 4 cards share the first row at {width} px.");
        }
        else
        {
            // A phone shows one story per row, nearly as wide as the screen.
            Assert.All(layout.Cards, c => Assert.True(c.Card.Width >= 0.85 * width, $"A card is {c.Card.Width} px wide on a {width} px phone."));
        }
    }

    private async Task<PostedStatus> PostAsync(string action, byte[]? png, string text)
    {
        object body = png == null
            ? new { message = text }
            : new { image = "data:image/png;base64," + Convert.ToBase64String(png), caption = text };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"instances/{SandboxServer.InstanceId}/token/{SandboxServer.Token}/{action}")
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Add("Client-Token", SandboxServer.ClientToken);
        using HttpResponseMessage response = await _sandbox.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        JsonElement answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        int? width = png == null ? null : System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        return new PostedStatus(answer.GetProperty("messageId").GetString()!, png == null ? null : text, width);
    }

    private static ChromeDriver StartChrome(string browser, string driver)
    {
        var options = new ChromeOptions { BinaryLocation = browser };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private sealed record PostedStatus(string Id, string? Caption, int? Width);

    private sealed record GalleryLayout(double ViewportWidth, double ViewportHeight, double ScrollWidth, CardLayout[] Cards);

    private sealed record CardLayout(
        string Id, Box Card, Box Media, Box? Caption, string? CaptionText, Box? CaptionTextBox, bool CaptionOnTop, double CaptionFontPx,
        int NaturalWidth, string TimeLeft);

    private sealed record Box(double Left, double Top, double Right, double Bottom)
    {
        public double Width => Right - Left;

        public double Height => Bottom - Top;

        /// <summary>Whether this box contains <paramref name="other"/>, give or take a pixel of rounding.</summary>
        public bool Covers(Box other) =>
            Left <= other.Left + 1 && Top <= other.Top + 1 && Right >= other.Right - 1 && Bottom >= other.Bottom - 1;
    }
}
