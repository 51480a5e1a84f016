/**
 * One comment: identicon, author (linked to their website), a permalink time, the sanitised
 * body, and the actions the reader may take on it: reply, like or report (`reactions`), and
 * edit or delete while the edit window of their own comment is open. Plain text always goes in
 * as text nodes.
 */

import type { Ctx } from "./context";
import { h, httpUrl } from "./dom";
import { clearErrors, type Fields, showError } from "./errors";
import { commentForm } from "./form";
import { identicon } from "./identicon";
import { reactions } from "./reactions";
import { safeHtml } from "./sanitize";
import { timeEl } from "./time";
import type { CommentOut, Posted } from "./types";
import { K } from "./i18n/keys";

function author(ctx: Ctx, c: CommentOut): HTMLElement {
  const name = c.author || ctx.t(K.anon);
  const url = httpUrl(c.website);
  return url
    ? h("a", { class: "rj-a", href: url, rel: "nofollow ugc noopener" }, name)
    : h("span", { class: "rj-a" }, name);
}

function body(c: CommentOut): HTMLElement {
  const div = h("div", { class: "rj-b" });
  div.appendChild(safeHtml(c.html));
  return div;
}

/** The article of a comment; its <li> and replies are built by `commentItem`. */
export function article(ctx: Ctx, c: CommentOut): HTMLElement {
  const { t } = ctx;
  const slot = h("div", { class: "rj-rf" });
  const own = ctx.tokens.editable(c.id);
  const node = h(
    "article",
    { tabindex: -1, "aria-label": c.author || t(K.anon) },
    h(
      "div",
      { class: "rj-h" },
      identicon(c.avatar),
      author(ctx, c),
      h("a", { class: "rj-t", href: `#comment-${c.id}`, title: t(K.link) }, timeEl(c.created_at, ctx.lang)),
      c.edited_at && h("span", { class: "rj-m" }, `(${t(K.edited)})`),
    ),
    c.status === "pending" && h("p", { class: "rj-p" }, t(K.pending)),
    body(c),
  );
  const actions = h("div", { class: "rj-acts" });
  if (!ctx.cfg.closed && c.status !== "pending") {
    actions.appendChild(
      h(
        "button",
        {
          type: "button",
          class: "rj-link",
          "aria-expanded": "false",
          onclick: (e) => toggleReply(ctx, c, slot, e.currentTarget as HTMLButtonElement),
        },
        t(K.reply),
      ),
    );
  }
  actions.append(...reactions(ctx, c));
  if (own) {
    const edit = h(
      "button",
      { type: "button", class: "rj-link", onclick: () => startEdit(ctx, c, node) },
      t(K.edit),
    );
    const del = deleteButton(ctx, c);
    actions.append(edit, del);
    // the server refuses changes once the window closes; stop offering them then too
    setTimeout(
      () => (edit.remove(), del.remove()),
      Math.min(Date.parse(own.until) - Date.now(), 2 ** 31 - 1),
    );
  }
  node.append(actions, slot);
  return node;
}

export function commentItem(ctx: Ctx, c: CommentOut): HTMLLIElement {
  const replies = h("ul", { class: "rj-r" });
  for (const reply of c.replies ?? []) replies.appendChild(commentItem(ctx, reply));
  const head = c.deleted ? tombstone(ctx, c.status) : article(ctx, c);
  return h("li", { class: "rj-c", id: `comment-${c.id}` }, head, replies);
}

/** Where a comment the reader may not see (deleted, or held) keeps its replies: a line of text,
 * with no author, avatar, time or reply button (the server sends none of them). */
export function tombstone(ctx: Ctx, status?: string): HTMLElement {
  // focusable like an article, so a permalink to it lands on it and not on its first reply
  return h("p", { class: "rj-m rj-gone", tabindex: -1 }, ctx.t(status === "hidden" ? K.hidden : K.deleted));
}

function toggleReply(ctx: Ctx, c: CommentOut, slot: HTMLElement, button: HTMLButtonElement): void {
  const close = () => {
    slot.textContent = "";
    button.setAttribute("aria-expanded", "false");
    button.focus();
  };
  if (slot.firstChild) return close();
  const form = commentForm(ctx, c, close);
  slot.appendChild(form);
  button.setAttribute("aria-expanded", "true");
  (form.querySelector("input:not([tabindex]), textarea") as HTMLElement | null)?.focus();
}

function startEdit(ctx: Ctx, c: CommentOut, node: HTMLElement): void {
  const { t } = ctx;
  const own = ctx.tokens.editable(c.id);
  const old = node.querySelector(".rj-b") as HTMLElement;
  if (!own || !old) return;
  const text = h("textarea", {
    id: `rj-edit-${c.id}`,
    rows: 6,
    maxlength: ctx.cfg.max_length,
    "aria-describedby": `rj-edit-${c.id}-e`,
  });
  text.value = own.text || old.innerText;
  const error = h("p", { id: `rj-edit-${c.id}-e`, class: "rj-err", "aria-live": "assertive" });
  const alert = h("p", { class: "rj-msg", role: "alert" });
  const fields: Fields = { text: { input: text, error } };
  const cancel = () => {
    form.replaceWith(old);
    (node.querySelector(".rj-acts button") as HTMLElement | null)?.focus();
  };
  const form = h(
    "form",
    { class: "rj-form", novalidate: true },
    h("label", { for: text.id }, t(K.comment)),
    text,
    error,
    alert,
    h("button", { type: "submit", class: "rj-go" }, t(K.save)),
    h("button", { type: "button", class: "rj-link", onclick: cancel }, t(K.cancel)),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(fields, alert);
    try {
      const res = await ctx.api.send<Posted>("PUT", `${ctx.api.base}/api/comments/${c.id}`, {
        text: text.value,
        edit_token: own.token,
      });
      ctx.tokens.put(c.id, { ...own, text: text.value });
      ctx.insert({ ...res.comment, replies: [] });
      ctx.announce(t(res.comment.status === "pending" ? K.pending : K.saved));
    } catch (err) {
      showError(ctx, err, fields, alert);
    }
  });
  old.replaceWith(form);
  text.focus();
}

function deleteButton(ctx: Ctx, c: CommentOut): HTMLButtonElement {
  const { t } = ctx;
  let armed = false;
  const button = h("button", { type: "button", class: "rj-link" }, t(K.del));
  button.addEventListener("blur", () => {
    armed = false;
    button.textContent = t(K.del);
  });
  button.addEventListener("click", async () => {
    if (!armed) {
      armed = true;
      button.textContent = t(K.sure);
      return;
    }
    const own = ctx.tokens.get(c.id);
    try {
      await ctx.api.send("DELETE", `${ctx.api.base}/api/comments/${c.id}`, undefined, {
        "X-Edit-Token": own?.token ?? "",
      });
      ctx.tokens.put(c.id, null);
      ctx.removed(c);
      ctx.announce(t(K.deleted));
    } catch (err) {
      const alert = h("p", { class: "rj-msg", role: "alert" });
      button.after(alert);
      showError(ctx, err, {}, alert);
    }
  });
  return button;
}
