import type { Dict } from "./keys";

export const es: Dict = [
  "Deja una respuesta", // title
  "Responder a {n}", // replyTo
  "Nombre", // name
  "Correo electrónico", // email
  "Web", // website
  "Comentario", // comment
  "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con *", // note
  "Aprende cómo se procesan los datos de tus comentarios", // privacy
  "Formato", // format
  "Publicar el comentario", // post
  "Enviando…", // posting
  "Responder", // reply
  "Cancelar", // cancel
  "Editar", // edit
  "Guardar", // save
  "Eliminar", // del
  "¿Eliminar definitivamente?", // sure
  "Este comentario se ha eliminado.", // deleted
  "Tu comentario se ha actualizado.", // saved
  "Tu comentario se ha publicado.", // posted
  "Tu comentario está pendiente de moderación.", // pending
  "Cargar más comentarios", // more
  "Ordenar por", // sort
  "Más antiguos", // oldest
  "Más recientes", // newest
  "Mejores", // best
  "Comentarios", // comments
  "Aún no hay comentarios. ¡Sé el primero!", // none
  "Los comentarios están cerrados.", // closed
  "No se pudo contactar con el servidor de comentarios. Tu texto se conserva; inténtalo de nuevo.", // offline
  "editado", // edited
  "Anónimo", // anon
  "Enlace a este comentario", // link
  "en", // on
  "Reintentar", // retry
  "Este comentario no está disponible.", // hidden
  "Recibir las respuestas por correo", // notify
  "Me gusta", // like
  "Denunciar", // report
  "Spam", // spam
  "Ofensivo", // abuse
  "Fuera de tema", // offTopic
  "Gracias: un moderador lo revisará.", // reported
];
