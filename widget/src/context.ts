/** What every part of one mounted thread shares: the server, the words, the page, the reader's tokens. */

import type { Api } from "./api";
import type { Translate } from "./i18n";
import type { Tokens } from "./storage";
import type { CommentOut, Config } from "./types";

export interface Ctx {
  api: Api;
  t: Translate;
  lang: string;
  uri: string;
  title: string;
  tokens: Tokens;
  cfg: Config;
  /** Polite announcement for screen readers (and a visible line): "posted", "deleted"... */
  announce(message: string): void;
  /** Fetch a fresh config (and so a fresh form token), e.g. after the old token expired. */
  refresh(): Promise<void>;
  /** Put a comment the reader just wrote (or edited) into the thread. */
  insert(comment: CommentOut): void;
  /** The reader deleted one of their comments. */
  removed(comment: CommentOut): void;
}
