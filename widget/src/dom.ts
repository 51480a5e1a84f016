/**
 * A tiny element builder. Strings always become text nodes (never HTML), so every piece of
 * text from the server or the reader is inserted inertly; the one exception, a comment's
 * sanitised body, goes through `sanitize.ts`.
 */

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
    else if (value != null && value !== false) el.setAttribute(key, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child) el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

let counter = 0;

/** A page-unique id for label/aria wiring (several widgets and reply forms share one page). */
export function uid(prefix: string): string {
  return `rj-${prefix}-${++counter}`;
}

/** `value` as an absolute http(s) URL, or null: the only links the widget makes from server data. */
export function httpUrl(value: string, base?: string): string | null {
  try {
    const url = new URL(value, base);
    return value && /^https?:$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
