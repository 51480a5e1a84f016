/**
 * The one door to the server. Every request omits credentials: the widget sets and sends no
 * cookies, so the only state a reader carries is what lives in their own localStorage. Every
 * request names the widget's language, so the server's own sentences (a field to fix, a closed
 * thread) come back in it.
 */

export type Query = Record<string, string | number | undefined>;

/** A failed call, in the server's own words: `field` names the form field to fix, if any. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

export class Api {
  constructor(
    readonly base: string,
    readonly site: string,
    readonly lang: string,
  ) {}

  url(path: string, query: Query = {}): string {
    const params = new URLSearchParams({ site: this.site });
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== "") params.set(key, String(value));
    }
    return `${this.base}${path}?${params}`;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.send<T>("GET", this.url(path, query));
  }

  /** JSON in, JSON out; network failures become ApiError(0, "network") so callers handle one type. */
  async send<T>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        credentials: "omit",
        headers: {
          ...headers,
          "Accept-Language": this.lang,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, "network", "");
    }
    const data = await response.json().catch(() => null);
    if (response.ok && data) return data as T;
    const error = data?.error ?? {};
    throw new ApiError(
      response.status,
      error.code ?? "error",
      error.message ?? `HTTP ${response.status}`,
      error.field ?? null,
    );
  }
}
