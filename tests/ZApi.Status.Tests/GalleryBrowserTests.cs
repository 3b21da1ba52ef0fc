using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using ZApi.Status.Client;
using ZApi.Status.Media;

namespace ZApi.Status.Tests;

/// <summary>The gallery as a person sees it: headless Chromium loads it after a post. Skipped where no Chromium exists.</summary>
public sealed class GalleryBrowserTests : IClassFixture<SandboxServer>
{
    private static readonly string[] Browsers = { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" };
    private static readonly string[] Drivers = { "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver" };

    private readonly SandboxServer _sandbox;

    public GalleryBrowserTests(SandboxServer sandbox) => _sandbox = sandbox;

    // A real 2x2 PNG, so the browser has something to decode and lay out.
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==");

    [SkippableFact]
    public async Task The_gallery_shows_a_posted_image_and_its_caption()
    {
        string? browser = Browsers.FirstOrDefault(File.Exists);
        string? driver = Drivers.FirstOrDefault(File.Exists);
        Skip.If(browser == null || driver == null, "No Chromium and chromedriver on this machine (on Debian: apt-get install chromium chromium-driver).");

        await _sandbox.ResetAsync();
        var post = new MediaStatusPost(MediaKind.Image, MediaSource.ForContent("tiny.png", "image/png", TinyPng.Length, () => new MemoryStream(TinyPng)), "Gallery check ✓");
        QueuedStatus sent = await new ZApiClient(_sandbox.Connection()).SendAsync(post, RetryPolicy.None, null, default);

        var options = new ChromeOptions { BinaryLocation = browser };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=412,915");
        using var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.HideCommandPromptWindow = true;
        using var chrome = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));

        chrome.Navigate().GoToUrl(_sandbox.BaseUri);
        IWebElement card = chrome.FindElement(By.CssSelector($"article[data-id='{sent.MessageId}']"));
        IWebElement image = card.FindElement(By.TagName("img"));
        long naturalWidth = (long)((IJavaScriptExecutor)chrome).ExecuteScript("return arguments[0].complete ? arguments[0].naturalWidth : -1;", image)!;

        Assert.Equal(2, naturalWidth);
        Assert.Equal("Gallery check ✓", card.FindElement(By.ClassName("caption")).Text);
        Assert.Contains("left", card.FindElement(By.ClassName("left")).Text);

        string screenshot = Path.Combine(AppContext.BaseDirectory, "gallery.png");
        ((ITakesScreenshot)chrome).GetScreenshot().SaveAsFile(screenshot);
        Assert.True(new FileInfo(screenshot).Length > 0);
    }
}
