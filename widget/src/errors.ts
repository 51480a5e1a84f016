/** Show the server's own message next to the field it names, or in the form's alert line. */

import { ApiError } from "./api";
import type { Ctx } from "./context";
import { K } from "./i18n/keys";

export interface Fields {
  [name: string]: { input: HTMLInputElement | HTMLTextAreaElement; error: HTMLElement };
}

export function clearErrors(fields: Fields, alert: HTMLElement): void {
  for (const { input, error } of Object.values(fields)) {
    input.removeAttribute("aria-invalid");
    error.textContent = "";
  }
  alert.textContent = "";
}

export function showError(ctx: Ctx, err: unknown, fields: Fields, alert: HTMLElement): void {
  const e = err instanceof ApiError ? err : new ApiError(0, "network", "");
  const message = e.code === "network" ? ctx.t(K.offline) : e.message;
  const target = e.field ? fields[e.field] : undefined;
  if (target) {
    target.input.setAttribute("aria-invalid", "true");
    target.error.textContent = message;
    target.input.focus();
  } else {
    alert.textContent = message;
  }
}

/** A form token expired while the page sat open: worth one silent retry with a fresh token. */
export function isStaleToken(err: unknown): boolean {
  return (
    err instanceof ApiError &&
    err.status === 403 &&
    /token/.test(`${err.code} ${err.field}`) &&
    !/edit/.test(`${err.code} ${err.field}`)
  );
}
