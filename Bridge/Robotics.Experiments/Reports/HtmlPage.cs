using System.Net;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Robotics.Experiments.Reports;

/// <summary>
/// Markdown rendered to one self-contained HTML page (CommonMark plus pipe tables, by Markdig): every image the
/// Markdown references by a path relative to <c>directory</c> is inlined as a data URI, so the page needs no other file.
/// </summary>
internal static class HtmlPage
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    private const string Style =
        "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}" +
        "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}" +
        "th{background:#eee}code{background:#f4f4f4;padding:0 3px}img{max-width:100%}" +
        // Rollout clips are 64x64 camera frames: shown twice the size, pixels kept sharp.
        "img[src^=\"data:image/gif\"]{width:128px;image-rendering:pixelated;display:block}";

    public static string Render(string markdown, string directory, string title)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage))
            image.Url = DataUri(directory, image.Url ?? "");
        using var body = new StringWriter();
        var renderer = new HtmlRenderer(body);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title><style>{Style}</style></head>\n<body>\n{body}</body></html>\n";
    }

    /// <summary>The image file as a data URI; an absolute, escaping or missing path is an error, since the page would not stand alone.</summary>
    private static string DataUri(string directory, string url)
    {
        var mime = Path.GetExtension(url).ToLowerInvariant() switch
        {
            ".png" => "image/png",
            ".gif" => "image/gif",
            _ => throw new ArgumentException($"report image '{url}': only .png and .gif are inlined"),
        };
        if (Path.IsPathRooted(url) || url.Contains("..", StringComparison.Ordinal) || url.Contains(':', StringComparison.Ordinal))
            throw new ArgumentException($"report image '{url}' must be a path inside the report folder");
        var path = Path.Combine(directory, url);
        if (!File.Exists(path)) throw new FileNotFoundException($"report image '{url}' is not in {directory}", path);
        return $"data:{mime};base64,{Convert.ToBase64String(File.ReadAllBytes(path))}";
    }
}
