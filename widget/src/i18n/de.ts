import type { Dict } from "./keys";

export const de: Dict = [
  "Schreibe einen Kommentar", // title
  "Antwort an {n}", // replyTo
  "Name", // name
  "E-Mail", // email
  "Website", // website
  "Kommentar", // comment
  "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert", // note
  "Erfahre, wie deine Kommentardaten verarbeitet werden", // privacy
  "Formatierung", // format
  "Kommentar abschicken", // post
  "Wird gesendet…", // posting
  "Antworten", // reply
  "Abbrechen", // cancel
  "Bearbeiten", // edit
  "Speichern", // save
  "Löschen", // del
  "Endgültig löschen?", // sure
  "Dieser Kommentar wurde gelöscht.", // deleted
  "Dein Kommentar wurde aktualisiert.", // saved
  "Dein Kommentar wurde veröffentlicht.", // posted
  "Dein Kommentar wartet auf Freischaltung.", // pending
  "Weitere Kommentare laden", // more
  "Sortieren nach", // sort
  "Älteste", // oldest
  "Neueste", // newest
  "Beste", // best
  "Kommentare", // comments
  "Noch keine Kommentare. Schreib den ersten!", // none
  "Die Kommentarfunktion ist geschlossen.", // closed
  "Der Kommentar-Server ist nicht erreichbar. Dein Text bleibt erhalten; bitte versuche es erneut.", // offline
  "bearbeitet", // edited
  "Anonym", // anon
  "Link zu diesem Kommentar", // link
  "zu", // on
  "Erneut versuchen", // retry
  "Dieser Kommentar ist nicht verfügbar.", // hidden
  "Antworten per E-Mail erhalten", // notify
  "Gefällt mir", // like
  "Melden", // report
  "Spam", // spam
  "Beleidigend", // abuse
  "Themenfremd", // offTopic
  "Danke: Ein Moderator sieht es sich an.", // reported
];
