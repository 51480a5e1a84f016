/**
 * What the widget keeps, in the reader's own browser only (localStorage, never a cookie):
 * drafts, so no typed word is lost on an error or a reload; the reader's name, e-mail and
 * website, so reply forms are pre-filled; and the edit tokens of their own comments.
 * Private browsing or a full quota must never break the widget, so every access is guarded.
 */

const PREFIX = "rejoinder:";

export function load<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function save(key: string, value: unknown): void {
  try {
    if (value == null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    /* storage disabled or full: the widget still works, only without memory */
  }
}

/** One own comment: its edit token, when editing ends, and the Markdown the reader wrote. */
export interface Own {
  token: string;
  until: string;
  text: string;
}

type Owned = Record<string, Own>;

const KEEP_MS = 30 * 864e5; // forget tokens a month after the edit window closed

export class Tokens {
  private key: string;
  private cache: Owned | null = null; // read once per page, not once per rendered comment

  constructor(site: string) {
    this.key = `tokens:${site}`;
  }

  all(): Owned {
    const owned = (this.cache ??= load<Owned>(this.key) ?? {});
    for (const [id, own] of Object.entries(owned)) {
      if (!(Date.parse(own.until) + KEEP_MS > Date.now())) delete owned[id];
    }
    return owned;
  }

  get(id: number): Own | undefined {
    return this.all()[id];
  }

  /** Tokens for `?mine=`: the server shows the holder's own pending comments. */
  list(): string {
    return Object.values(this.all())
      .slice(-20)
      .map((own) => own.token)
      .join(",");
  }

  put(id: number, own: Own | null): void {
    const owned = this.all();
    if (own) owned[id] = own;
    else delete owned[id];
    save(this.key, owned);
    this.cache = owned;
  }

  editable(id: number): Own | undefined {
    const own = this.get(id);
    return own && Date.parse(own.until) > Date.now() ? own : undefined;
  }
}
