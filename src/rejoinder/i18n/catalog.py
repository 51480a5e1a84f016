# ruff: noqa: E501  (a translation reads best on one line)
"""The translations of the server's reader-facing sentences, keyed by their English template.

The languages are the widget's (``widget/src/i18n``). Each entry keeps the template's
``{placeholders}``; ``tests/i18n`` checks that every entry has every language with the same
placeholders, and that every template here is one the code still raises (a reworded English
sentence without its translations would otherwise fall back to English unnoticed).
"""

from __future__ import annotations

LANGUAGES = ("en", "de", "fr", "es", "ru", "hi")

TRANSLATIONS: dict[str, dict[str, str]] = {
    # -- the comment form -----------------------------------------------------------------------
    "Write something before posting: the comment is empty.": {
        "de": "Schreibe etwas, bevor du abschickst: Der Kommentar ist leer.",
        "fr": "Écrivez quelque chose avant de publier : le commentaire est vide.",
        "es": "Escribe algo antes de publicar: el comentario está vacío.",
        "ru": "Напишите что-нибудь перед отправкой: комментарий пуст.",
        "hi": "भेजने से पहले कुछ लिखें: टिप्पणी खाली है।",
    },
    "The comment is {length} characters long; the limit is {limit}.": {
        "de": "Der Kommentar ist {length} Zeichen lang; erlaubt sind höchstens {limit}.",
        "fr": "Le commentaire fait {length} caractères ; la limite est de {limit}.",
        "es": "El comentario tiene {length} caracteres; el límite es {limit}.",
        "ru": "Длина комментария {length} символов; допустимо не более {limit}.",
        "hi": "टिप्पणी {length} अक्षरों की है; सीमा {limit} है।",
    },
    "Please give your name: this site requires it.": {
        "de": "Bitte gib deinen Namen an: Diese Website verlangt ihn.",
        "fr": "Veuillez indiquer votre nom : ce site l’exige.",
        "es": "Indica tu nombre: este sitio lo exige.",
        "ru": "Укажите, пожалуйста, имя: этот сайт его требует.",
        "hi": "कृपया अपना नाम दें: यह साइट इसे आवश्यक मानती है।",
    },
    "The name is too long: at most {limit} characters.": {
        "de": "Der Name ist zu lang: höchstens {limit} Zeichen.",
        "fr": "Le nom est trop long : {limit} caractères au plus.",
        "es": "El nombre es demasiado largo: como máximo {limit} caracteres.",
        "ru": "Имя слишком длинное: не более {limit} символов.",
        "hi": "नाम बहुत लंबा है: अधिकतम {limit} अक्षर।",
    },
    "Please give your e-mail address: this site requires it (it is never shown).": {
        "de": "Bitte gib deine E-Mail-Adresse an: Diese Website verlangt sie (sie wird nie angezeigt).",
        "fr": "Veuillez indiquer votre adresse e-mail : ce site l’exige (elle n’est jamais affichée).",
        "es": "Indica tu correo electrónico: este sitio lo exige (nunca se muestra).",
        "ru": "Укажите, пожалуйста, адрес email: этот сайт его требует (он никогда не показывается).",
        "hi": "कृपया अपना ईमेल पता दें: यह साइट इसे आवश्यक मानती है (यह कभी दिखाया नहीं जाता)।",
    },
    "The e-mail is not an address: it should look like name@example.org.": {
        "de": "Das ist keine E-Mail-Adresse: Sie sollte wie name@example.org aussehen.",
        "fr": "L’e-mail n’est pas une adresse : il doit ressembler à nom@example.org.",
        "es": "El correo no es una dirección válida: debe parecerse a nombre@example.org.",
        "ru": "Это не адрес email: он должен выглядеть как name@example.org.",
        "hi": "यह ईमेल पता नहीं है: यह name@example.org जैसा होना चाहिए।",
    },
    "Please give your website: this site requires it.": {
        "de": "Bitte gib deine Website an: Diese Website verlangt sie.",
        "fr": "Veuillez indiquer votre site web : ce site l’exige.",
        "es": "Indica tu web: este sitio lo exige.",
        "ru": "Укажите, пожалуйста, свой сайт: этот сайт его требует.",
        "hi": "कृपया अपनी वेबसाइट दें: यह साइट इसे आवश्यक मानती है।",
    },
    "The website is not a web address: it should look like https://example.org.": {
        "de": "Das ist keine Webadresse: Sie sollte wie https://example.org aussehen.",
        "fr": "Le site web n’est pas une adresse web : il doit ressembler à https://example.org.",
        "es": "La web no es una dirección válida: debe parecerse a https://example.org.",
        "ru": "Это не веб-адрес: он должен выглядеть как https://example.org.",
        "hi": "यह वेब पता नहीं है: यह https://example.org जैसा होना चाहिए।",
    },
    # -- threads, edits, tokens -----------------------------------------------------------------
    "This thread is closed: it takes no new comments.": {
        "de": "Diese Diskussion ist geschlossen: Neue Kommentare sind nicht möglich.",
        "fr": "Cette discussion est fermée : elle n’accepte plus de commentaires.",
        "es": "Este hilo está cerrado: no admite comentarios nuevos.",
        "ru": "Обсуждение закрыто: новые комментарии не принимаются.",
        "hi": "यह चर्चा बंद है: इसमें नई टिप्पणियाँ नहीं ली जातीं।",
    },
    "The comment can no longer be changed: edits are allowed for {minutes} minutes after posting.": {
        "de": "Der Kommentar kann nicht mehr geändert werden: Änderungen sind {minutes} Minuten lang möglich.",
        "fr": "Le commentaire ne peut plus être modifié : les modifications sont possibles "
        "pendant {minutes} minutes après la publication.",
        "es": "El comentario ya no se puede cambiar: se puede editar durante {minutes} minutos tras publicarlo.",
        "ru": "Комментарий больше нельзя изменить: правка возможна в течение {minutes} мин после отправки.",
        "hi": "टिप्पणी अब बदली नहीं जा सकती: भेजने के बाद {minutes} मिनट तक ही संपादन हो सकता है।",
    },
    "The edit token is not valid for this comment.": {
        "de": "Dieser Kommentar kann von hier aus nicht geändert werden.",
        "fr": "Ce commentaire ne peut pas être modifié d’ici.",
        "es": "Este comentario no se puede cambiar desde aquí.",
        "ru": "Этот комментарий нельзя изменить отсюда.",
        "hi": "यह टिप्पणी यहाँ से बदली नहीं जा सकती।",
    },
    "The form token has expired: reload the page and post again.": {
        "de": "Das Formular ist abgelaufen: Lade die Seite neu und schicke den Kommentar erneut ab.",
        "fr": "Le formulaire a expiré : rechargez la page et publiez à nouveau.",
        "es": "El formulario ha caducado: recarga la página y vuelve a publicar.",
        "ru": "Срок действия формы истёк: обновите страницу и отправьте снова.",
        "hi": "फ़ॉर्म की अवधि समाप्त हो गई: पेज दोबारा लोड करें और फिर से भेजें।",
    },
    "The form token is not valid: reload the page and post again.": {
        "de": "Das Formular ist ungültig: Lade die Seite neu und schicke den Kommentar erneut ab.",
        "fr": "Le formulaire n’est pas valide : rechargez la page et publiez à nouveau.",
        "es": "El formulario no es válido: recarga la página y vuelve a publicar.",
        "ru": "Форма недействительна: обновите страницу и отправьте снова.",
        "hi": "फ़ॉर्म मान्य नहीं है: पेज दोबारा लोड करें और फिर से भेजें।",
    },
    # -- rate limits ----------------------------------------------------------------------------
    "Too many comments from your address: wait {retry_after} s before posting again.": {
        "de": "Zu viele Kommentare von deiner Adresse: Warte {retry_after} s, bevor du erneut schreibst.",
        "fr": "Trop de commentaires depuis votre adresse : attendez {retry_after} s avant de publier à nouveau.",
        "es": "Demasiados comentarios desde tu dirección: espera {retry_after} s antes de volver a publicar.",
        "ru": "Слишком много комментариев с вашего адреса: подождите {retry_after} с.",
        "hi": "आपके पते से बहुत अधिक टिप्पणियाँ: फिर से भेजने से पहले {retry_after} सेकंड रुकें।",
    },
    "Too many comments on this site: wait {retry_after} s before posting again.": {
        "de": "Zu viele Kommentare auf dieser Website: Warte {retry_after} s, bevor du erneut schreibst.",
        "fr": "Trop de commentaires sur ce site : attendez {retry_after} s avant de publier à nouveau.",
        "es": "Demasiados comentarios en este sitio: espera {retry_after} s antes de volver a publicar.",
        "ru": "Слишком много комментариев на сайте: подождите {retry_after} с.",
        "hi": "इस साइट पर बहुत अधिक टिप्पणियाँ: फिर से भेजने से पहले {retry_after} सेकंड रुकें।",
    },
    "Too many likes and reports from your address: wait {retry_after} s and try again.": {
        "de": "Zu viele Likes und Meldungen von deiner Adresse: Warte {retry_after} s und versuche es erneut.",
        "fr": "Trop de « J’aime » et de signalements depuis votre adresse : attendez {retry_after} s et réessayez.",
        "es": "Demasiados «me gusta» y denuncias desde tu dirección: espera {retry_after} s y vuelve a intentarlo.",
        "ru": "Слишком много отметок и жалоб с вашего адреса: подождите {retry_after} с и попробуйте снова.",
        "hi": "आपके पते से बहुत अधिक पसंद और रिपोर्ट: {retry_after} सेकंड रुककर फिर प्रयास करें।",
    },
    # -- likes, reports and reply mail ----------------------------------------------------------
    "This site does not take likes.": {
        "de": "Auf dieser Website gibt es keine Likes.",
        "fr": "Ce site n’accepte pas les « J’aime ».",
        "es": "Este sitio no admite «me gusta».",
        "ru": "На этом сайте нельзя отмечать комментарии.",
        "hi": "यह साइट पसंद स्वीकार नहीं करती।",
    },
    "Thank you: the moderators will look at this comment.": {
        "de": "Danke: Die Moderatoren sehen sich diesen Kommentar an.",
        "fr": "Merci : les modérateurs vont examiner ce commentaire.",
        "es": "Gracias: los moderadores revisarán este comentario.",
        "ru": "Спасибо: модераторы проверят этот комментарий.",
        "hi": "धन्यवाद: मॉडरेटर इस टिप्पणी को देखेंगे।",
    },
    "Replies will be e-mailed to you.": {
        "de": "Antworten werden dir per E-Mail geschickt.",
        "fr": "Les réponses vous seront envoyées par e-mail.",
        "es": "Recibirás las respuestas por correo.",
        "ru": "Ответы будут приходить вам на email.",
        "hi": "जवाब आपको ईमेल किए जाएँगे।",
    },
    "Check your e-mail: replies are sent once you confirm the link we sent.": {
        "de": "Sieh in dein E-Mail-Postfach: Antworten kommen, sobald du den Link darin bestätigst.",
        "fr": "Consultez vos e-mails : les réponses vous seront envoyées dès que vous aurez confirmé le lien.",
        "es": "Revisa tu correo: recibirás las respuestas en cuanto confirmes el enlace que te enviamos.",
        "ru": "Проверьте почту: ответы начнут приходить, когда вы подтвердите ссылку из письма.",
        "hi": "अपना ईमेल देखें: हमारे भेजे लिंक की पुष्टि करते ही जवाब भेजे जाएँगे।",
    },
    "No more replies will be e-mailed to you.": {
        "de": "Du bekommst keine Antworten mehr per E-Mail.",
        "fr": "Vous ne recevrez plus les réponses par e-mail.",
        "es": "Ya no recibirás las respuestas por correo.",
        "ru": "Ответы больше не будут приходить вам на email.",
        "hi": "अब आपको जवाब ईमेल नहीं किए जाएँगे।",
    },
    "The comment has no e-mail address to send replies to.": {
        "de": "Der Kommentar hat keine E-Mail-Adresse, an die Antworten gehen könnten.",
        "fr": "Le commentaire n’a pas d’adresse e-mail à laquelle envoyer les réponses.",
        "es": "El comentario no tiene un correo al que enviar las respuestas.",
        "ru": "У комментария нет адреса email для ответов.",
        "hi": "इस टिप्पणी में जवाब भेजने के लिए कोई ईमेल पता नहीं है।",
    },
    "This site does not send reply notifications.": {
        "de": "Diese Website verschickt keine Benachrichtigungen über Antworten.",
        "fr": "Ce site n’envoie pas de notifications de réponse.",
        "es": "Este sitio no envía avisos de respuestas.",
        "ru": "Этот сайт не отправляет уведомления об ответах.",
        "hi": "यह साइट जवाबों की सूचनाएँ नहीं भेजती।",
    },
    # -- the server ------------------------------------------------------------------------------
    "The server is busy: please try again in a moment.": {
        "de": "Der Server ist ausgelastet: Bitte versuche es gleich noch einmal.",
        "fr": "Le serveur est occupé : veuillez réessayer dans un instant.",
        "es": "El servidor está ocupado: inténtalo de nuevo en un momento.",
        "ru": "Сервер занят: пожалуйста, попробуйте ещё раз чуть позже.",
        "hi": "सर्वर व्यस्त है: कृपया थोड़ी देर में फिर प्रयास करें।",
    },
}
