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

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

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

        await _sandbox.ResetAsync();
        // A phone photo, a landscape one with a caption that wraps, a tiny image scaled up, and a text status.
        var posted = new[]
        {
            await PostAsync("send-image-status", TestPng.Gradient(270, 480), "Portrait, as phones take them ✓"),
            await PostAsync("send-image-status", TestPng.Gradient(480, 270), "A landscape photo with a caption long enough to wrap over two or three lines"),
            await PostAsync("send-image-status", TestPng.Gradient(2, 2), "Gallery check ✓"),
            await PostAsync("send-text-status", null, "Open today 9-18"),
        };

        using ChromeDriver chrome = OpenGallery(width, height);
        var layout = JsonSerializer.Deserialize<GalleryLayout>((string)chrome.ExecuteScript(MeasureScript)!, Web)!;
        ((IJavaScriptExecutor)chrome).ExecuteScript("window.scrollTo(0, 0)");
        SaveScreenshot(chrome, $"gallery-{width}x{height}.png");

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

    // One card's caption, closed: its box, how it is cut, and the page's font stack.
    private const string ClosedCaptionScript = """
        const card = document.querySelector(`main article[data-id="${arguments[0]}"]`);
        card.scrollIntoView({ block: 'center' });
        const box = e => { const r = e.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; };
        const caption = card.querySelector('.caption'), summary = caption.querySelector('summary'), style = getComputedStyle(summary);
        return JSON.stringify({
          card: box(card), caption: box(caption), summary: box(summary), open: caption.open,
          lineClamp: style.getPropertyValue('-webkit-line-clamp'), overflow: style.overflowY,
          lines: summary.clientHeight / parseFloat(style.lineHeight), clipped: summary.scrollHeight > summary.clientHeight + 1,
          text: caption.textContent, fontFamily: getComputedStyle(summary).fontFamily });
        """;

    // The same caption once opened: where its first character shows at the top of its scroll, its last at the bottom.
    private const string OpenCaptionScript = """
        const card = document.querySelector(`main article[data-id="${arguments[0]}"]`);
        const box = e => { const r = e.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; };
        const caption = card.querySelector('.caption'), summary = caption.querySelector('summary'), text = summary.firstChild;
        const character = at => { const range = document.createRange(); range.setStart(text, at); range.setEnd(text, at + 1); return box(range); };
        caption.scrollTop = 0;
        const first = character(0), top = box(caption);
        caption.scrollTop = caption.scrollHeight;
        const last = character(text.length - 1), bottom = box(caption);
        return JSON.stringify({ card: box(card), caption: bottom, open: caption.open, first, firstView: top, last, lastView: bottom,
          clipped: summary.scrollHeight > summary.clientHeight + 1, text: caption.textContent });
        """;

    [SkippableTheory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task A_long_caption_ends_with_an_ellipsis_inside_its_card_and_opens_in_full_on_a_click(int width, int height)
    {

        await _sandbox.ResetAsync();
        string longCaption = "Day 12 on the coast trail 🏔️🌊 " + string.Join(" ", Enumerable.Range(1, 120).Select(i => $"step{i}")) +
            "\nSecond paragraph, after a line break, with ✨ and 👨‍👩‍👧 on the way to the last word: end";
        string longId = await PostJsonAsync("send-image-status", new { image = "data:image/png;base64," + Convert.ToBase64String(TestPng.Gradient(480, 270)), caption = longCaption });
        string shortId = await PostJsonAsync("send-image-status", new { image = "data:image/png;base64," + Convert.ToBase64String(TestPng.Gradient(270, 480)), caption = "Short 🌅" });

        using ChromeDriver chrome = OpenGallery(width, height);
        var closed = JsonSerializer.Deserialize<ClosedCaption>((string)chrome.ExecuteScript(ClosedCaptionScript, longId)!, Web)!;
        var closedShort = JsonSerializer.Deserialize<ClosedCaption>((string)chrome.ExecuteScript(ClosedCaptionScript, shortId)!, Web)!;
        SaveScreenshot(chrome, $"gallery-long-caption-{width}x{height}.png");

        string where = $"the long caption at {width} px";
        // Cut after four whole lines by a line clamp, which draws the ellipsis at the end of the last one, all inside the card.
        Assert.False(closed.Open);
        Assert.Equal(("4", "hidden"), (closed.LineClamp, closed.Overflow));
        Assert.True(closed.Clipped, $"{where} is not cut, so no ellipsis shows.");
        Assert.InRange(closed.Lines, 3.9, 4.1);
        Assert.True(closed.Card.Covers(closed.Summary), $"{where}: the cut caption {closed.Summary} leaves the card {closed.Card}.");
        Assert.True(closed.Card.Covers(closed.Caption), $"{where}: the caption {closed.Caption} leaves the card {closed.Card}.");
        Assert.Equal(longCaption, closed.Text);
        // A caption that fits is not cut: no ellipsis where nothing is missing.
        Assert.False(closedShort.Clipped, "The short caption is cut.");
        // Emoji have a colour font to fall back on wherever the text font lacks them.
        Assert.Matches("Noto Color Emoji.*|Apple Color Emoji.*|Segoe UI Emoji.*", closed.FontFamily);
        foreach (string emojiFont in new[] { "\"Apple Color Emoji\"", "\"Segoe UI Emoji\"", "\"Noto Color Emoji\"" })
        {
            Assert.Contains(emojiFont, closed.FontFamily);
        }

        chrome.FindElement(By.CssSelector($"main article[data-id='{longId}'] .caption summary")).Click();
        var opened = JsonSerializer.Deserialize<OpenCaption>((string)chrome.ExecuteScript(OpenCaptionScript, longId)!, Web)!;
        SaveScreenshot(chrome, $"gallery-long-caption-open-{width}x{height}.png");

        Assert.True(opened.Open, $"{where} did not open on a click.");
        Assert.False(opened.Clipped, $"{where} is still cut once opened.");
        Assert.True(opened.Card.Covers(opened.Caption), $"{where}: the opened caption {opened.Caption} leaves the card {opened.Card}.");
        Assert.True(opened.FirstView.Covers(opened.First), $"{where}: its first character {opened.First} is not in view {opened.FirstView}.");
        Assert.True(opened.LastView.Covers(opened.Last), $"{where}: its last character {opened.Last} cannot be scrolled into view {opened.LastView}.");
        Assert.Equal(longCaption, opened.Text);
    }

    [SkippableFact]
    public async Task A_status_waiting_for_the_phone_shows_as_waiting_and_no_text_it_carries_runs_as_script()
    {

        await _sandbox.ResetAsync();
        string png = "data:image/png;base64," + Convert.ToBase64String(TestPng.Gradient(270, 480));
        var hostile = new Dictionary<string, string>
        {
            [await PostJsonAsync("send-image-status", new { image = png, caption = "<script>window.pwned = 1</script>" })] = "<script>window.pwned = 1</script>",
            [await PostJsonAsync("send-image-status", new { image = png, caption = "\" onload=\"window.pwned = 2\" x=\"" })] = "\" onload=\"window.pwned = 2\" x=\"",
            [await PostJsonAsync("send-image-status", new { image = png, caption = "</summary></details><img src=x onerror=\"window.pwned = 3\">" })] = "</summary></details><img src=x onerror=\"window.pwned = 3\">",
            [await PostJsonAsync("send-text-status", new { message = "<img src=x onerror='window.pwned = 4'>" })] = "<img src=x onerror='window.pwned = 4'>",
            [await PostJsonAsync("send-image-status", new { image = "https://example.org/a.png?\"><script>window.pwned=5</script>" })] = "https://example.org/a.png?\"><script>window.pwned=5</script>",
        };
        await _sandbox.SetFaultsAsync(new ZApi.Sandbox.SandboxFaults { PhoneOffline = true });
        string waitingId = await PostJsonAsync("send-image-status", new { image = png, caption = "'><svg onload=window.pwned=6>" });
        hostile[waitingId] = "'><svg onload=window.pwned=6>";

        using ChromeDriver chrome = OpenGallery(1280, 800);
        SaveScreenshot(chrome, "gallery-waiting-and-hostile.png");
        const string Script = """
            const cards = [...document.querySelectorAll('main article.status')].map(card => ({
              id: card.dataset.id, state: card.dataset.state, frame: getComputedStyle(card, '::after').borderTopStyle,
              filter: getComputedStyle(card.querySelector('.media')).filter,
              note: card.querySelector('.waiting-note')?.textContent ?? null, left: card.querySelector('.left')?.textContent ?? null,
              shown: (card.querySelector('.caption') ?? card.querySelector('.text') ?? card.querySelector('.link a')).textContent,
              href: card.querySelector('.link a')?.getAttribute('href') ?? null,
              loaded: [...card.querySelectorAll('img.media')].every(i => i.complete && i.naturalWidth > 0) }));
            const handlers = [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'));
            return JSON.stringify({ pwned: window.pwned ?? null, scripts: document.scripts.length, handlers,
              header: document.querySelector('header p').textContent, cards });
            """;
        JsonElement page = JsonSerializer.Deserialize<JsonElement>((string)chrome.ExecuteScript(Script)!);

        Assert.Equal(JsonValueKind.Null, page.GetProperty("pwned").ValueKind);
        Assert.Equal(0, page.GetProperty("scripts").GetInt32());
        Assert.Empty(page.GetProperty("handlers").EnumerateArray());
        Assert.StartsWith("5 live statuses · 1 waiting for the phone", page.GetProperty("header").GetString());
        JsonElement[] cards = page.GetProperty("cards").EnumerateArray().ToArray();
        Assert.Equal(hostile.Keys.Order(), cards.Select(c => c.GetProperty("id").GetString()!).Order());
        foreach (JsonElement card in cards)
        {
            string id = card.GetProperty("id").GetString()!;
            Assert.Equal(hostile[id], card.GetProperty("shown").GetString());
            if (card.GetProperty("href").GetString() is string href)
            {
                Assert.Equal(hostile[id], href);
            }
        }

        // The one that waits comes first, marked apart from the live ones: a dashed frame, dimmed media, no time left yet.
        JsonElement waiting = cards[0];
        Assert.Equal((waitingId, "queued", "Waiting for the phone"), (waiting.GetProperty("id").GetString(), waiting.GetProperty("state").GetString(), waiting.GetProperty("note").GetString()));
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("left").ValueKind);
        Assert.Equal("dashed", waiting.GetProperty("frame").GetString());
        Assert.NotEqual("none", waiting.GetProperty("filter").GetString());
        Assert.True(waiting.GetProperty("loaded").GetBoolean(), "The waiting status's image did not load.");
        Assert.All(cards[1..], live =>
        {
            Assert.Equal("live", live.GetProperty("state").GetString());
            Assert.Equal("none", live.GetProperty("frame").GetString());
            Assert.Matches(@"^\d+ h \d+ min left$", live.GetProperty("left").GetString());
        });
    }

    private async Task<PostedStatus> PostAsync(string action, byte[]? png, string text)
    {
        object body = png == null
            ? new { message = text }
            : new { image = "data:image/png;base64," + Convert.ToBase64String(png), caption = text };
        int? width = png == null ? null : System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
        return new PostedStatus(await PostJsonAsync(action, body), png == null ? null : text, width);
    }

    /// <summary>Posts a status as a client does; its message id, which the gallery uses as the card's id.</summary>
    private async Task<string> PostJsonAsync(string action, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SandboxServer.Route(action)) { Content = JsonContent.Create(body) };
        request.Headers.Add("Client-Token", SandboxServer.ClientToken);
        using HttpResponseMessage response = await _sandbox.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        JsonElement answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return answer.GetProperty("messageId").GetString()!;
    }

    /// <summary>Chromium showing the gallery at the exact viewport a desktop window or a phone gives it (a phone also honours the viewport meta tag).</summary>
    private ChromeDriver OpenGallery(int width, int height)
    {
        string? browser = Browsers.FirstOrDefault(File.Exists);
        string? driver = Drivers.FirstOrDefault(File.Exists);
        Skip.If(browser == null || driver == null, SkipReason);
        ChromeDriver chrome = StartChrome(browser!, driver!);
        chrome.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = width < 600,
        });
        chrome.Navigate().GoToUrl(_sandbox.BaseUri);
        return chrome;
    }

    private void SaveScreenshot(ChromeDriver chrome, string name)
    {
        string screenshot = Path.Combine(AppContext.BaseDirectory, name);
        ((ITakesScreenshot)chrome).GetScreenshot().SaveAsFile(screenshot);
        _output.WriteLine($"Screenshot: {screenshot}");
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

    private sealed record ClosedCaption(
        Box Card, Box Caption, Box Summary, bool Open, string LineClamp, string Overflow, double Lines, bool Clipped, string Text, string FontFamily);

    private sealed record OpenCaption(Box Card, Box Caption, bool Open, Box First, Box FirstView, Box Last, Box LastView, bool Clipped, string Text);

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
