/**
 * What a reader can do to someone else's published comment besides answering it: like it (once;
 * a second press takes the like back) and report it to the moderators with a reason. The ids of
 * the comments this browser liked are kept in localStorage so the button shows its state; the
 * server counts one like per reader on its own, so clearing storage cannot inflate a count.
 */

import type { Ctx } from "./context";
import { h } from "./dom";
import { showError } from "./errors";
import { K } from "./i18n/keys";
import { load, save } from "./storage";
import type { CommentOut } from "./types";

const REASONS: [string, K][] = [
  ["spam", K.spam],
  ["abuse", K.abuse],
  ["off_topic", K.offTopic],
];

/** The like button and the report menu of a published comment (none for a held one). */
export function reactions(ctx: Ctx, c: CommentOut): HTMLElement[] {
  if (c.status !== "approved") return [];
  return ctx.cfg.likes === false ? [reportMenu(ctx, c)] : [likeButton(ctx, c), reportMenu(ctx, c)];
}

function failed(ctx: Ctx, after: HTMLElement, err: unknown): void {
  const alert = h("p", { class: "rj-msg", role: "alert" });
  after.after(alert);
  showError(ctx, err, {}, alert);
}

function likeButton(ctx: Ctx, c: CommentOut): HTMLButtonElement {
  const key = `liked:${ctx.api.site}`;
  const button = h("button", { type: "button", class: "rj-link rj-like" });
  const show = (likes: number, liked: boolean) => {
    // seen: "♥ 3"; heard: "Like 3, toggle button, pressed" (the name holds the visible number)
    button.replaceChildren(
      h("span", { "aria-hidden": "true" }, "♥ "),
      h("span", { class: "rj-sr" }, `${ctx.t(K.like)} `),
      String(likes),
    );
    button.setAttribute("aria-pressed", String(liked));
  };
  show(c.likes, (load<number[]>(key) ?? []).includes(c.id));
  button.addEventListener("click", async () => {
    const like = button.getAttribute("aria-pressed") !== "true";
    try {
      const res = await ctx.api.send<{ likes: number; liked: boolean }>(
        like ? "POST" : "DELETE",
        `${ctx.api.base}/api/comments/${c.id}/like`,
      );
      const ids = (load<number[]>(key) ?? []).filter((id) => id !== c.id);
      save(key, res.liked ? [...ids, c.id].slice(-500) : ids);
      show(res.likes, res.liked);
    } catch (err) {
      failed(ctx, button, err);
    }
  });
  return button;
}

function reportMenu(ctx: Ctx, c: CommentOut): HTMLElement {
  const { t } = ctx;
  const menu = h("details", { class: "rj-rep" }, h("summary", { class: "rj-link" }, t(K.report)));
  for (const [reason, label] of REASONS) {
    const send = async () => {
      try {
        await ctx.api.send("POST", `${ctx.api.base}/api/comments/${c.id}/report`, { reason });
        menu.replaceWith(h("span", { class: "rj-m" }, t(K.reported)));
        ctx.announce(t(K.reported));
      } catch (err) {
        failed(ctx, menu, err);
      }
    };
    menu.appendChild(h("button", { type: "button", class: "rj-link", onclick: send }, t(label)));
  }
  return menu;
}
