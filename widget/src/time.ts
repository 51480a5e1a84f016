/**
 * "5 minutes ago" in the reader's language, with the exact time in a <time> element for
 * machines and in its title for people. Intl formatters are costly to build, so one of each
 * is kept per language (a 200-comment thread would otherwise build 400 of them).
 */

import { h } from "./dom";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31536e3],
  ["month", 2592e3],
  ["week", 604800],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

const cache: Record<string, [Intl.RelativeTimeFormat, Intl.DateTimeFormat]> = {};

function formats(lang: string): [Intl.RelativeTimeFormat, Intl.DateTimeFormat] {
  return (cache[lang] ??= [
    new Intl.RelativeTimeFormat(lang, { numeric: "auto" }),
    new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" }),
  ]);
}

export function relative(iso: string, lang: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") {
      return formats(lang)[0].format(Math.round(seconds / size), unit);
    }
  }
  return "";
}

export function timeEl(iso: string, lang: string): HTMLTimeElement {
  return h("time", { datetime: iso, title: formats(lang)[1].format(new Date(iso)) }, relative(iso, lang));
}
