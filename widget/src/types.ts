/** The shapes of the public comments API (docs: the API contract); only what the widget reads. */

export interface CommentOut {
  id: number;
  parent_id: number | null;
  author: string;
  website: string;
  avatar: string;
  html: string;
  created_at: string;
  edited_at: string | null;
  /** deleted/hidden: a tombstone, where a comment the reader may not see keeps its replies */
  status: "approved" | "pending" | "deleted" | "hidden";
  deleted?: boolean;
  likes: number;
  replies: CommentOut[];
}

export interface Config {
  site: number;
  required: string[];
  edit_window_seconds: number;
  max_length: number;
  privacy_url: string;
  form_token: string;
  closed: boolean;
  honeypot_field: string;
  /** Offer "email me replies" (PUT /api/comments/{id}/subscription after the post). */
  reply_notifications?: boolean;
  /** Show like buttons (false: the site takes no likes). */
  likes?: boolean;
}

export interface ThreadPage {
  thread: { uri: string; title: string; closed: boolean; count: number };
  comments: CommentOut[];
  total_roots: number;
  next_offset: number | null;
}

export interface Posted {
  comment: CommentOut;
  edit_token?: string;
  editable_until?: string;
  status: string;
  message: string | null;
  form_token?: string;
}

export interface Recent {
  comments: { id: number; author: string; excerpt: string; uri: string; title: string; created_at: string }[];
}
