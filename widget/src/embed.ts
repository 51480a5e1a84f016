/**
 * embed.js: `<script src=".../embed.js" data-rejoinder-site="1" async></script>` fills
 * `#rejoinder-thread` with the page's comments and form, and every `[data-rejoinder-recent]`
 * with the newest comments. The server's address is wherever this script came from, so the
 * widget talks to that server and to no one else.
 *
 * Options on the script tag: data-rejoinder-site (required), -uri and -title (default: this
 * page's path and title), -lang (default: <html lang>), -limit (root comments per page).
 */

import { Api } from "./api";
import { pickLang, translator } from "./i18n";
import { mountRecent } from "./recent";
import { Tokens } from "./storage";
import css from "./style.css";
import { Thread } from "./thread";
import { keepTimesFresh } from "./time";

function boot(script: HTMLScriptElement): void {
  const d = script.dataset;
  const base = new URL(script.src, location.href).href.replace(/\/[^/]*$/, "");
  const site = d.rejoinderSite || "1";
  const lang = pickLang(d.rejoinderLang || document.documentElement.lang);
  const api = new Api(base, site, lang);
  const t = translator(lang);
  if (!document.getElementById("rejoinder-style")) {
    // first in <head>, so the page's own `.rj { --rj-accent: ... }` wins at equal specificity
    document.head.prepend(
      Object.assign(document.createElement("style"), { id: "rejoinder-style", textContent: css }),
    );
  }
  const root = document.getElementById("rejoinder-thread");
  if (root) {
    const title = d.rejoinderTitle || document.title;
    const uri = d.rejoinderUri || location.pathname;
    const limit = Math.min(Math.max(Number(d.rejoinderLimit) || 20, 1), 100);
    void new Thread(root, { api, t, lang, uri, title, tokens: new Tokens(site), limit }).start();
  }
  document
    .querySelectorAll<HTMLElement>("[data-rejoinder-recent]")
    .forEach((el) => void mountRecent(el, api, t, lang));
  keepTimesFresh(lang);
}

const script = (document.currentScript ??
  document.querySelector("script[data-rejoinder-site]")) as HTMLScriptElement | null;
if (script) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => boot(script));
  else boot(script);
}
