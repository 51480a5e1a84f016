/**
 * "5 minutes ago" in the reader's language, with the exact time in a <time> element for
 * machines and in its title for people. Intl formatters are costly to build, so one of each
 * is kept per language (a 200-comment thread would otherwise build 400 of them).
 * A page stays open for hours, so one timer rewrites every relative time each minute while
 * the tab is visible (none runs while it is hidden; it catches up the moment it is shown).
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

/** Rewrite every relative time the widget shows (in `.rj` roots only; never the page's own). */
export function refreshTimes(lang: string, now = Date.now()): void {
  for (const el of document.querySelectorAll<HTMLTimeElement>(".rj time[datetime]")) {
    const text = relative(el.dateTime, lang, now);
    if (el.textContent !== text) el.textContent = text;
  }
}

/** The widget's one clock: every minute while the tab is visible, paused while it is hidden. */
export function keepTimesFresh(lang: string): void {
  let timer = 0;
  const sync = () => {
    clearInterval(timer);
    if (document.hidden) return;
    refreshTimes(lang);
    timer = window.setInterval(() => refreshTimes(lang), 6e4);
  };
  document.addEventListener("visibilitychange", sync);
  sync();
}
