/**
 * count.js: fills comment counts into links on index pages, in one request per 500 pages.
 *
 *   <a href="/news/article#rejoinder-thread" data-rejoinder-count>Comments</a>
 *   <script src=".../count.js" data-rejoinder-site="1" async></script>
 *
 * The page URI is `data-rejoinder-count="/uri"` if given, else the link's own path. The text
 * becomes "3 comments"; a page in another language sets `data-rejoinder-one="1 Kommentar"` and
 * `data-rejoinder-many="{n} Kommentare"` on the script. Kept tiny on purpose (at most 1.5 KB).
 */

const script = (document.currentScript ??
  document.querySelector("script[data-rejoinder-site][src*='count']")) as HTMLScriptElement | null;

async function fill(): Promise<void> {
  if (!script) return;
  const d = script.dataset;
  const links = Array.from(document.querySelectorAll<HTMLElement>("[data-rejoinder-count]"));
  const uriOf = (el: HTMLElement) =>
    el.dataset.rejoinderCount || new URL((el as HTMLAnchorElement).href || location.href).pathname;
  const uris = [...new Set(links.map(uriOf))]; // a page linked three times is asked for once
  const base = new URL(script.src, location.href).href.replace(/\/[^/]*$/, "");
  const counts: Record<string, number> = {};
  // the API names at most 500 pages a request; a page left unanswered keeps its link's text
  for (let i = 0; i < uris.length; i += 500) {
    const params = new URLSearchParams({ site: d.rejoinderSite || "1" });
    for (const uri of uris.slice(i, i + 500)) params.append("uri", uri);
    const response = await fetch(`${base}/api/counts?${params}`, { credentials: "omit" });
    if (response.ok)
      Object.assign(counts, ((await response.json()) as { counts: Record<string, number> }).counts);
  }
  for (const el of links) {
    const n = counts[uriOf(el)];
    if (n === undefined) continue;
    el.textContent = (n === 1 ? d.rejoinderOne || "1 comment" : d.rejoinderMany || "{n} comments").replace(
      "{n}",
      String(n),
    );
  }
}

const run = () => fill().catch(() => undefined); // no counts is better than an error on the page
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
else run();
