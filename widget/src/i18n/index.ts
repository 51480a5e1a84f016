/**
 * The widget speaks the page's language: `data-rejoinder-lang` on the script if set, else the
 * `lang` of <html> ("de-AT" -> "de"), else English. Dictionaries ship inside the bundle, so
 * choosing one costs no request.
 */

import { de } from "./de";
import { en } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { hi } from "./hi";
import type { Dict, K } from "./keys";
import { ru } from "./ru";

const DICTS: Record<string, Dict> = { en, de, fr, es, ru, hi };

export type Translate = (key: K, name?: string) => string;

export function pickLang(wanted: string | undefined): string {
  const lang = (wanted || "en").toLowerCase().split(/[-_]/)[0];
  return lang in DICTS ? lang : "en";
}

export function translator(lang: string): Translate {
  const dict = DICTS[lang] ?? en;
  return (key, name = "") => dict[key].replace("{n}", name);
}
