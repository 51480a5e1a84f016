/** `<div data-rejoinder-recent="5">`: the site's newest comments, for a sidebar. */

import type { Api } from "./api";
import { h } from "./dom";
import type { Translate } from "./i18n";
import { timeEl } from "./time";
import type { Recent } from "./types";
import { K } from "./i18n/keys";

export async function mountRecent(el: HTMLElement, api: Api, t: Translate, lang: string): Promise<void> {
  const limit = Math.min(Math.max(Number(el.dataset.rejoinderRecent) || 5, 1), 50);
  el.classList.add("rj", "rj-recent");
  try {
    const { comments } = await api.get<Recent>("/api/recent", { limit });
    el.replaceChildren(
      h(
        "ul",
        {},
        ...comments.map((c) =>
          h(
            "li",
            {},
            h("span", { class: "rj-a" }, c.author || t(K.anon)),
            ` ${t(K.on)} `,
            // a page of this site only: a path, never another host or scheme
            h("a", { href: /^\/(?!\/)/.test(c.uri) ? `${c.uri}#comment-${c.id}` : "#" }, c.title || c.uri),
            " ",
            h("span", { class: "rj-t" }, timeEl(c.created_at, lang)),
            h("p", { class: "rj-m" }, c.excerpt),
          ),
        ),
      ),
    );
  } catch {
    el.replaceChildren(h("p", { class: "rj-m" }, t(K.offline)));
  }
}
