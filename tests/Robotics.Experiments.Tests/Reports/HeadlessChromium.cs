using System.Diagnostics;
using SkiaSharp;

namespace Robotics.Experiments.Tests.Reports;

/// <summary>
/// A page as a person sees it: Debian's chromium (scripts/setup.sh installs it) takes a headless screenshot of a
/// local file. Shared, as a linked file, with the end-to-end tests.
/// </summary>
internal static class HeadlessChromium
{
    public const int Width = 1100;
    public const int Height = 2400;

    /// <summary>Screenshots <paramref name="htmlPath"/> into a PNG beside it and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(string htmlPath)
    {
        var browser = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed: run scripts/setup.sh (it installs Debian's chromium for the report's browser test)");
        var png = Path.ChangeExtension(htmlPath, ".screenshot.png");
        var profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        try
        {
            var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--user-data-dir={profile}",
                         $"--window-size={Width},{Height}", $"--screenshot={png}", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(cancel.Token);
            if (process.ExitCode != 0 || !File.Exists(png))
                throw new InvalidOperationException($"chromium exited {process.ExitCode} without a screenshot: {await stderr}");
            return png;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    /// <summary>Variance of the screenshot's grey levels (0 for a blank page; text, tables and plots raise it).</summary>
    public static double GreyVariance(string png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidDataException($"{png} is not an image");
        var greys = bitmap.Pixels.Select(p => (p.Red + p.Green + p.Blue) / 3.0).ToArray();
        var mean = greys.Average();
        return greys.Average(g => (g - mean) * (g - mean));
    }

    /// <summary>Fraction of the screenshot's rows that hold anything but the background colour: a page with content fills most of them.</summary>
    public static double InkedRows(string png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidDataException($"{png} is not an image");
        var background = bitmap.GetPixel(0, 0);
        var inked = Enumerable.Range(0, bitmap.Height).Count(y => Enumerable.Range(0, bitmap.Width).Any(x => bitmap.GetPixel(x, y) != background));
        return (double)inked / bitmap.Height;
    }
}
