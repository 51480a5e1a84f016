/**
 * A page's comment section: the heading with the count, sorting, the threaded list with
 * "load more", the main form, and one polite live region for confirmations. It owns the
 * shared state (config, loaded pages) and hands every part a `Ctx`.
 */

import { ApiError } from "./api";
import { article, commentItem, tombstone } from "./comment";
import type { Ctx } from "./context";
import { h } from "./dom";
import { commentForm } from "./form";
import type { CommentOut, Config, ThreadPage } from "./types";
import { K } from "./i18n/keys";

/** What the page gives a thread: the parts of its context it knows before mounting, and a page size. */
export interface Options extends Pick<Ctx, "api" | "t" | "lang" | "uri" | "title" | "tokens"> {
  limit: number;
}

export class Thread {
  private ctx!: Ctx;
  private sort = "oldest";
  private next: number | null = null;
  private count = 0;
  private heading: HTMLElement;
  private list = h("ul", { class: "rj-list" });
  private more: HTMLButtonElement;
  private status = h("p", { class: "rj-msg rj-ok", role: "status" });
  private formSlot = h("div", { class: "rj-main" });
  private bar = h("div", { class: "rj-bar" });

  constructor(
    root: HTMLElement,
    private opts: Options,
  ) {
    const { t } = opts;
    this.heading = h("h2", { tabindex: -1 }, t(K.comments));
    this.more = h("button", { type: "button", hidden: true, onclick: () => this.loadMore() }, t(K.more));
    root.classList.add("rj");
    root.lang = opts.lang;
    root.replaceChildren(this.bar, this.status, this.list, this.more, this.formSlot);
    this.bar.append(this.heading);
  }

  async start(): Promise<void> {
    this.status.textContent = "";
    try {
      const [cfg, page] = await Promise.all([this.config(), this.page(0)]);
      this.ctx = this.makeCtx(cfg);
      this.bar.append(this.sorter());
      this.show(page, true);
      this.formSlot.replaceChildren(
        cfg.closed || page.thread.closed ? h("p", {}, this.opts.t(K.closed)) : commentForm(this.ctx, null),
      );
      await this.reveal();
    } catch (err) {
      this.fail(err);
    }
  }

  private config(): Promise<Config> {
    return this.opts.api.get<Config>("/api/config", { uri: this.opts.uri });
  }

  private page(offset: number): Promise<ThreadPage> {
    const { api, uri, limit, tokens } = this.opts;
    return api.get<ThreadPage>("/api/threads", { uri, sort: this.sort, limit, offset, mine: tokens.list() });
  }

  private makeCtx(cfg: Config): Ctx {
    const { api, t, lang, uri, title, tokens } = this.opts;
    return {
      api,
      t,
      lang,
      uri,
      title,
      tokens,
      cfg,
      announce: (message) => {
        this.status.textContent = message;
      },
      refresh: async () => {
        this.ctx.cfg = await this.config();
      },
      insert: (c) => this.insert(c),
      removed: (c) => this.removed(c),
    };
  }

  private sorter(): HTMLElement {
    const { t } = this.opts;
    const select = h(
      "select",
      { id: "rj-sort", onchange: () => this.resort(select.value) },
      ...(
        [
          ["oldest", K.oldest],
          ["newest", K.newest],
          ["best", K.best],
        ] as const
      ).map(([value, key]) => h("option", { value }, t(key))),
    );
    return h("div", {}, h("label", { for: "rj-sort", class: "rj-inline" }, `${t(K.sort)} `), select);
  }

  private show(page: ThreadPage, replace: boolean): void {
    const fragment = document.createDocumentFragment();
    for (const c of page.comments) fragment.appendChild(commentItem(this.ctx, c));
    if (replace) this.list.replaceChildren(fragment);
    else this.list.appendChild(fragment);
    this.next = page.next_offset;
    this.more.hidden = this.next == null;
    this.setCount(page.thread.count);
  }

  private setCount(count: number): void {
    this.count = Math.max(0, count);
    this.heading.textContent = `${this.opts.t(K.comments)} (${this.count})`;
    if (!this.list.firstChild) this.list.replaceChildren(h("li", { class: "rj-none" }, this.opts.t(K.none)));
  }

  private async resort(sort: string): Promise<void> {
    this.sort = sort;
    try {
      this.show(await this.page(0), true);
    } catch (err) {
      this.fail(err);
    }
  }

  private async loadMore(): Promise<boolean> {
    if (this.next == null) return false;
    const before = this.list.children.length;
    try {
      this.show(await this.page(this.next), false);
      (this.list.children[before]?.querySelector("article") as HTMLElement | null)?.focus();
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  /** A permalink (#comment-12) to a comment beyond the first page: load pages until it is there. */
  private async reveal(): Promise<void> {
    const id = location.hash.slice(1);
    if (!/^comment-\d+$/.test(id)) return;
    for (let i = 0; i < 20 && !document.getElementById(id) && (await this.loadMore()); i++);
    const target = document.getElementById(id);
    if (!target) return;
    target.classList.add("rj-hl");
    target.scrollIntoView();
    (target.firstElementChild as HTMLElement | null)?.focus({ preventScroll: true }); // its article or tombstone
  }

  private insert(c: CommentOut): void {
    this.list.querySelector(".rj-none")?.remove();
    const existing = document.getElementById(`comment-${c.id}`);
    if (existing) {
      existing.firstElementChild?.replaceWith(article(this.ctx, c));
      (existing.firstElementChild as HTMLElement).focus();
      return;
    }
    const item = commentItem(this.ctx, c);
    const parent = c.parent_id ? document.getElementById(`comment-${c.parent_id}`) : null;
    const replies = parent?.querySelector(":scope > .rj-r");
    if (replies) replies.appendChild(item);
    else if (this.sort === "newest") this.list.prepend(item);
    else this.list.appendChild(item);
    if (c.status === "approved") this.setCount(this.count + 1);
    item.scrollIntoView({ block: "nearest" });
  }

  /** As the next load will show it: a tombstone if replies hang under it, else gone, and with it
   * any tombstone above that held nothing else. */
  private removed(c: CommentOut): void {
    const item = document.getElementById(`comment-${c.id}`);
    if (!item) return;
    if (item.querySelector(".rj-r > li")) item.firstElementChild?.replaceWith(tombstone(this.ctx));
    else {
      let gone: Element = item;
      for (
        let up = item.parentElement?.closest(".rj-c");
        up?.firstElementChild?.matches(".rj-gone") && up.lastElementChild?.childElementCount === 1;
        up = up.parentElement?.closest(".rj-c")
      )
        gone = up;
      gone.remove();
    }
    if (c.status === "approved") this.setCount(this.count - 1);
    this.heading.focus(); // the focused Delete button is gone: keep keyboard users in the thread
  }

  private fail(err: unknown): void {
    const e = err instanceof ApiError ? err : new ApiError(0, "network", "");
    const retry = h(
      "button",
      { type: "button", onclick: () => (this.ctx ? this.resort(this.sort) : this.start()) },
      this.opts.t(K.retry),
    );
    this.status.replaceChildren(e.code === "network" ? this.opts.t(K.offline) : e.message, " ", retry);
  }
}
