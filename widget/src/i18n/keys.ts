/**
 * The widget's strings, by number: `const enum` members are inlined by the bundler, so the
 * shipped bundle carries no key names, only each language's strings (this keeps embed.js
 * under its 11 KB budget with six languages inside). Each dictionary lists its strings in
 * this order; `Dict` has exactly one slot per key, so a missing or extra string fails the type check.
 */

export const enum K {
  title,
  replyTo,
  name,
  email,
  website,
  comment,
  note,
  privacy,
  format,
  post,
  posting,
  reply,
  cancel,
  edit,
  save,
  del,
  sure,
  deleted,
  saved,
  posted,
  pending,
  more,
  sort,
  oldest,
  newest,
  best,
  comments,
  none,
  closed,
  offline,
  edited,
  anon,
  link,
  on,
  retry,
  hidden,
  notify,
  like,
  report,
  spam,
  abuse,
  offTopic,
  reported,
}

type Tuple<N extends number, R extends string[] = []> = R["length"] extends N ? R : Tuple<N, [...R, string]>;

export type Dict = Tuple<43>;
