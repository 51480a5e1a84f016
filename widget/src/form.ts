/**
 * The familiar box: Name*, Email*, Website, Comment, the privacy note and link, and a honeypot.
 * Which fields are required comes from the server (`/api/config`). Everything typed is saved as
 * a draft on every keystroke, so an error, a dropped connection or a reload loses nothing; the
 * draft is cleared only once the server has the comment.
 */

import type { Ctx } from "./context";
import { h, httpUrl, uid } from "./dom";
import { clearErrors, type Fields, isStaleToken, showError } from "./errors";
import { K } from "./i18n/keys";
import { load, save } from "./storage";
import type { CommentOut, Posted } from "./types";

type Draft = Record<string, string>;

const IDENTITY = ["author", "email", "website"];
// API field -> [label key, input type, autocomplete, the name the server's config calls it]
const INPUTS: [string, K, string, string, string][] = [
  ["author", K.name, "text", "name", "name"],
  ["email", K.email, "email", "email", "email"],
  ["website", K.website, "url", "url", "website"],
];

export const HINT = "**bold**, *italic*, [link](https://…), `code`, > quote";

function field(
  fields: Fields,
  name: string,
  label: string,
  control: HTMLInputElement | HTMLTextAreaElement,
  required: boolean,
  hint?: HTMLElement,
): HTMLElement {
  const id = uid(name);
  const error = h("p", { id: `${id}-e`, class: "rj-err", "aria-live": "assertive" });
  control.id = id;
  control.name = name;
  control.setAttribute("aria-describedby", [hint?.id, error.id].filter(Boolean).join(" "));
  if (required) control.setAttribute("aria-required", "true");
  fields[name] = { input: control, error };
  return h(
    "div",
    { class: "rj-f" },
    h("label", { for: id }, label, required && h("span", { "aria-hidden": "true" }, " *")),
    control,
    hint,
    error,
  );
}

export function commentForm(ctx: Ctx, parent: CommentOut | null, onClose?: () => void): HTMLFormElement {
  const { t, cfg, tokens } = ctx;
  const draftKey = `draft:${ctx.api.site}:${ctx.uri}:${parent?.id ?? 0}`;
  const draft: Draft = { ...load<Draft>("me"), ...load<Draft>(draftKey) };
  const fields: Fields = {};
  const headingId = uid("h");
  const hintId = uid("hint");

  const inputs = INPUTS.map(([name, label, type, autocomplete, configName]) =>
    field(
      fields,
      name,
      t(label),
      h("input", { type, autocomplete, maxlength: 2000, value: draft[name] ?? "" }),
      cfg.required.includes(configName),
    ),
  );
  const text = h("textarea", { rows: 6, maxlength: cfg.max_length });
  text.value = draft.text ?? "";
  const hint = h("p", { id: hintId, class: "rj-hint" }, `${t(K.format)}: ${HINT}`);
  const privacy = httpUrl(cfg.privacy_url, ctx.api.base + "/");
  const honeypot = h("input", { type: "text", name: cfg.honeypot_field, tabindex: -1, autocomplete: "off" });
  const notify = cfg.reply_notifications ? h("input", { type: "checkbox", name: "notify" }) : null;
  const alert = h("p", { class: "rj-msg", role: "alert" });
  const submit = h("button", { type: "submit", class: "rj-go" }, t(K.post));

  const form = h(
    "form",
    { class: "rj-form", novalidate: true, "aria-labelledby": headingId },
    h("h3", { id: headingId }, parent ? t(K.replyTo, parent.author) : t(K.title)),
    h("p", { class: "rj-note" }, t(K.note)),
    ...inputs,
    field(fields, "text", t(K.comment), text, true, hint),
    notify && h("p", {}, h("label", { class: "rj-check" }, notify, " ", t(K.notify))),
    h("div", { class: "rj-hp", "aria-hidden": "true" }, h("label", {}, "Leave empty", honeypot)),
    privacy && h("p", {}, h("a", { href: privacy }, t(K.privacy))),
    alert,
    submit,
    onClose && h("button", { type: "button", class: "rj-link", onclick: onClose }, t(K.cancel)),
  );

  const values = (): Draft =>
    Object.fromEntries(Object.entries(fields).map(([name, { input }]) => [name, input.value]));

  form.addEventListener("input", () => {
    const now = values();
    save(draftKey, now);
    save("me", Object.fromEntries(IDENTITY.map((k) => [k, now[k]])));
  });

  const post = (): Promise<Posted> =>
    ctx.api.send<Posted>("POST", `${ctx.api.base}/api/comments`, {
      site: Number(ctx.api.site),
      uri: ctx.uri,
      title: ctx.title,
      parent_id: parent?.id ?? null,
      ...values(),
      form_token: ctx.cfg.form_token,
      [ctx.cfg.honeypot_field]: honeypot.value,
    });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(fields, alert);
    submit.disabled = true;
    submit.textContent = t(K.posting);
    form.setAttribute("aria-busy", "true");
    try {
      let posted: Posted;
      try {
        posted = await post();
      } catch (err) {
        if (!isStaleToken(err)) throw err;
        await ctx.refresh();
        posted = await post();
      }
      if (posted.edit_token && posted.editable_until) {
        tokens.put(posted.comment.id, {
          token: posted.edit_token,
          until: posted.editable_until,
          text: text.value,
        });
      }
      if (notify?.checked && posted.edit_token) {
        // a request of its own, proved by the edit token: the post itself is already safe
        ctx.api
          .send<{ message: string }>(
            "PUT",
            `${ctx.api.base}/api/comments/${posted.comment.id}/subscription`,
            {
              edit_token: posted.edit_token,
            },
          )
          .then(
            (answer) => ctx.announce(answer.message), // e.g. "check your e-mail to confirm"
            (err: Error) => ctx.announce(err.message),
          );
      }
      // a form token is good for one post; the answer carries the next one
      if (posted.form_token) ctx.cfg.form_token = posted.form_token;
      else void ctx.refresh().catch(() => undefined);
      save(draftKey, null);
      text.value = "";
      ctx.insert(posted.comment);
      ctx.announce(t(posted.status === "pending" ? K.pending : K.posted)); // ours: in the widget's language
      onClose?.();
    } catch (err) {
      showError(ctx, err, fields, alert);
    } finally {
      submit.disabled = false;
      submit.textContent = t(K.post);
      form.removeAttribute("aria-busy");
    }
  });
  return form;
}
