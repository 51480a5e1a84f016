import type { Dict } from "./keys";

export const fr: Dict = [
  "Laisser un commentaire", // title
  "Répondre à {n}", // replyTo
  "Nom", // name
  "E-mail", // email
  "Site web", // website
  "Commentaire", // comment
  "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *", // note
  "Découvrez comment les données de vos commentaires sont traitées", // privacy
  "Mise en forme", // format
  "Publier le commentaire", // post
  "Envoi…", // posting
  "Répondre", // reply
  "Annuler", // cancel
  "Modifier", // edit
  "Enregistrer", // save
  "Supprimer", // del
  "Supprimer définitivement ?", // sure
  "Ce commentaire a été supprimé.", // deleted
  "Votre commentaire a été mis à jour.", // saved
  "Votre commentaire a été publié.", // posted
  "Votre commentaire est en attente de modération.", // pending
  "Charger plus de commentaires", // more
  "Trier par", // sort
  "Plus anciens", // oldest
  "Plus récents", // newest
  "Meilleurs", // best
  "Commentaires", // comments
  "Aucun commentaire pour l’instant. Soyez le premier !", // none
  "Les commentaires sont fermés.", // closed
  "Impossible de joindre le serveur de commentaires. Votre texte est conservé ; veuillez réessayer.", // offline
  "modifié", // edited
  "Anonyme", // anon
  "Lien vers ce commentaire", // link
  "sur", // on
  "Réessayer", // retry
  "Ce commentaire n’est pas disponible.", // hidden
  "Recevoir les réponses par e-mail", // notify
  "J’aime", // like
  "Signaler", // report
  "Spam", // spam
  "Injurieux", // abuse
  "Hors sujet", // offTopic
  "Merci : un modérateur va l’examiner.", // reported
];
