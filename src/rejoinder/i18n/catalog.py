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
    # -- reply e-mails (``services.notifications.messages``) --------------------------------------
    "Someone": {
        "de": "Jemand",
        "fr": "Quelqu’un",
        "es": "Alguien",
        "ru": "Кто-то",
        "hi": "एक पाठक",  # "{author} ने": a reader, which takes ने as a name does
    },
    "{author} replied to your comment on “{title}”": {
        "de": "{author} hat auf deinen Kommentar zu „{title}“ geantwortet",
        "fr": "{author} a répondu à votre commentaire sur « {title} »",
        "es": "{author} ha respondido a tu comentario en «{title}»",
        "ru": "{author} ответил(а) на ваш комментарий к «{title}»",
        "hi": "{author} ने “{title}” पर आपकी टिप्पणी का जवाब दिया",
    },
    "{author} replied to your comment on “{title}” ({site}):": {
        "de": "{author} hat auf deinen Kommentar zu „{title}“ ({site}) geantwortet:",
        "fr": "{author} a répondu à votre commentaire sur « {title} » ({site}) :",
        "es": "{author} ha respondido a tu comentario en «{title}» ({site}):",
        "ru": "{author} ответил(а) на ваш комментарий к «{title}» ({site}):",
        "hi": "{author} ने “{title}” ({site}) पर आपकी टिप्पणी का जवाब दिया:",
    },
    "Read it and answer: {url}": {
        "de": "Lesen und antworten: {url}",
        "fr": "Lire et répondre : {url}",
        "es": "Léela y responde: {url}",
        "ru": "Прочитать и ответить: {url}",
        "hi": "पढ़ें और जवाब दें: {url}",
    },
    "Your comment was: “{text}”": {
        "de": "Dein Kommentar war: „{text}“",
        "fr": "Votre commentaire était : « {text} »",
        "es": "Tu comentario era: «{text}»",
        "ru": "Ваш комментарий: «{text}»",
        "hi": "आपकी टिप्पणी थी: “{text}”",
    },
    "You get this e-mail because you asked to be told of replies to that comment.": {
        "de": "Du bekommst diese E-Mail, weil du um Nachricht über Antworten auf diesen Kommentar gebeten hast.",
        "fr": "Vous recevez cet e-mail parce que vous avez demandé à être averti des réponses à ce commentaire.",
        "es": "Recibes este correo porque pediste que te avisáramos de las respuestas a ese comentario.",
        "ru": "Вы получили это письмо, потому что просили сообщать об ответах на этот комментарий.",
        "hi": "आपको यह ईमेल इसलिए मिला क्योंकि आपने उस टिप्पणी के जवाबों की सूचना माँगी थी।",
    },
    "Stop these e-mails: {url}": {
        "de": "Diese E-Mails abbestellen: {url}",
        "fr": "Ne plus recevoir ces e-mails : {url}",
        "es": "Dejar de recibir estos correos: {url}",
        "ru": "Отписаться от этих писем: {url}",
        "hi": "ये ईमेल बंद करें: {url}",
    },
    "Confirm: e-mail me replies to my comment on “{title}”": {
        "de": "Bestätigen: Antworten auf meinen Kommentar zu „{title}“ per E-Mail",
        "fr": "Confirmer : recevoir par e-mail les réponses à mon commentaire sur « {title} »",
        "es": "Confirmar: recibir por correo las respuestas a mi comentario en «{title}»",
        "ru": "Подтвердите: присылать ответы на мой комментарий к «{title}»",
        "hi": "पुष्टि करें: “{title}” पर मेरी टिप्पणी के जवाब मुझे ईमेल करें",
    },
    "Someone, probably you, commented on “{title}” ({site}) with this address and asked to be e-mailed the replies:": {
        "de": "Jemand, wahrscheinlich du, hat „{title}“ ({site}) mit dieser Adresse kommentiert und gebeten, die Antworten per E-Mail zu bekommen:",
        "fr": "Quelqu’un, probablement vous, a commenté « {title} » ({site}) avec cette adresse et demandé à recevoir les réponses par e-mail :",
        "es": "Alguien, probablemente tú, comentó en «{title}» ({site}) con esta dirección y pidió recibir las respuestas por correo:",
        "ru": "Кто-то, вероятно вы, оставил(а) комментарий к «{title}» ({site}) с этим адресом и попросил(а) присылать ответы на почту:",
        "hi": "किसी ने, शायद आपने, इस पते से “{title}” ({site}) पर टिप्पणी की और जवाब ईमेल से पाने को कहा:",
    },
    "To get them, confirm here: {url}": {
        "de": "Um sie zu bekommen, bestätige hier: {url}",
        "fr": "Pour les recevoir, confirmez ici : {url}",
        "es": "Para recibirlas, confirma aquí: {url}",
        "ru": "Чтобы получать их, подтвердите здесь: {url}",
        "hi": "उन्हें पाने के लिए यहाँ पुष्टि करें: {url}",
    },
    "If it was not you, ignore this e-mail: nothing more will be sent about it.": {
        "de": "Wenn du es nicht warst, ignoriere diese E-Mail: Es wird nichts weiter dazu geschickt.",
        "fr": "Si ce n’était pas vous, ignorez cet e-mail : rien d’autre ne vous sera envoyé à ce sujet.",
        "es": "Si no fuiste tú, ignora este correo: no se enviará nada más sobre esto.",
        "ru": "Если это были не вы, просто проигнорируйте письмо: больше ничего об этом не придёт.",
        "hi": "अगर यह आप नहीं थे, तो इस ईमेल को अनदेखा करें: इसके बारे में और कुछ नहीं भेजा जाएगा।",
    },
    # -- the pages behind the reply e-mails' links (``web.api.mail_pages``) ------------------------
    "E-mail me replies to my comment?": {
        "de": "Antworten auf meinen Kommentar per E-Mail bekommen?",
        "fr": "Recevoir par e-mail les réponses à mon commentaire ?",
        "es": "¿Recibir por correo las respuestas a mi comentario?",
        "ru": "Присылать ответы на мой комментарий на почту?",
        "hi": "मेरी टिप्पणी के जवाब मुझे ईमेल करें?",
    },
    "Confirm that this address may be e-mailed the replies to your comment. Each e-mail has a link to stop them.": {
        "de": "Bestätige, dass an diese Adresse die Antworten auf deinen Kommentar geschickt werden dürfen. Jede E-Mail enthält einen Link, um sie abzubestellen.",
        "fr": "Confirmez que les réponses à votre commentaire peuvent être envoyées à cette adresse. Chaque e-mail contient un lien pour les arrêter.",
        "es": "Confirma que se pueden enviar a esta dirección las respuestas a tu comentario. Cada correo incluye un enlace para dejar de recibirlas.",
        "ru": "Подтвердите, что на этот адрес можно присылать ответы на ваш комментарий. В каждом письме есть ссылка, чтобы отписаться.",
        "hi": "पुष्टि करें कि आपकी टिप्पणी के जवाब इस पते पर ईमेल किए जा सकते हैं। हर ईमेल में उन्हें बंद करने का लिंक होता है।",
    },
    "Yes, e-mail me the replies": {
        "de": "Ja, schick mir die Antworten per E-Mail",
        "fr": "Oui, envoyez-moi les réponses par e-mail",
        "es": "Sí, envíame las respuestas por correo",
        "ru": "Да, присылайте мне ответы",
        "hi": "हाँ, मुझे जवाब ईमेल करें",
    },
    "Confirmed: you will be e-mailed each published reply to your comment.": {
        "de": "Bestätigt: Du bekommst jede veröffentlichte Antwort auf deinen Kommentar per E-Mail.",
        "fr": "Confirmé : chaque réponse publiée à votre commentaire vous sera envoyée par e-mail.",
        "es": "Confirmado: recibirás por correo cada respuesta publicada a tu comentario.",
        "ru": "Подтверждено: каждый опубликованный ответ на ваш комментарий придёт вам на почту.",
        "hi": "पुष्टि हो गई: आपकी टिप्पणी का हर प्रकाशित जवाब आपको ईमेल किया जाएगा।",
    },
    "There is nothing to confirm: the subscription was ended, or the comment removed.": {
        "de": "Es gibt nichts zu bestätigen: Das Abonnement wurde beendet oder der Kommentar entfernt.",
        "fr": "Il n’y a rien à confirmer : l’abonnement a pris fin ou le commentaire a été supprimé.",
        "es": "No hay nada que confirmar: la suscripción terminó o el comentario se eliminó.",
        "ru": "Подтверждать нечего: подписка отменена или комментарий удалён.",
        "hi": "पुष्टि करने को कुछ नहीं है: सदस्यता समाप्त हो चुकी है या टिप्पणी हटा दी गई है।",
    },
    "Stop e-mails about replies?": {
        "de": "Keine E-Mails mehr über Antworten?",
        "fr": "Ne plus recevoir d’e-mails sur les réponses ?",
        "es": "¿Dejar de recibir correos sobre respuestas?",
        "ru": "Больше не присылать письма об ответах?",
        "hi": "जवाबों के बारे में ईमेल बंद करें?",
    },
    "You will no longer be e-mailed when someone replies to your comment. Your comment stays as it is.": {
        "de": "Du bekommst keine E-Mail mehr, wenn jemand auf deinen Kommentar antwortet. Dein Kommentar bleibt, wie er ist.",
        "fr": "Vous ne recevrez plus d’e-mail quand quelqu’un répondra à votre commentaire. Votre commentaire reste tel quel.",
        "es": "Ya no recibirás correos cuando alguien responda a tu comentario. Tu comentario se queda como está.",
        "ru": "Вы больше не будете получать письма, когда кто-то ответит на ваш комментарий. Сам комментарий останется.",
        "hi": "जब कोई आपकी टिप्पणी का जवाब देगा, तो अब आपको ईमेल नहीं भेजा जाएगा। आपकी टिप्पणी जैसी है वैसी ही रहेगी।",
    },
    "Stop these e-mails": {
        "de": "Diese E-Mails abbestellen",
        "fr": "Ne plus recevoir ces e-mails",
        "es": "Dejar de recibir estos correos",
        "ru": "Отписаться от этих писем",
        "hi": "ये ईमेल बंद करें",
    },
    "You will get no more e-mails about replies to that comment.": {
        "de": "Du bekommst keine E-Mails mehr über Antworten auf diesen Kommentar.",
        "fr": "Vous ne recevrez plus d’e-mails sur les réponses à ce commentaire.",
        "es": "Ya no recibirás correos sobre las respuestas a ese comentario.",
        "ru": "Вы больше не будете получать письма об ответах на этот комментарий.",
        "hi": "उस टिप्पणी के जवाबों के बारे में अब आपको कोई ईमेल नहीं मिलेगा।",
    },
    "Done": {
        "de": "Erledigt",
        "fr": "C’est fait",
        "es": "Hecho",
        "ru": "Готово",
        "hi": "हो गया",
    },
    "Nothing to do": {
        "de": "Nichts zu tun",
        "fr": "Rien à faire",
        "es": "Nada que hacer",
        "ru": "Ничего делать не нужно",
        "hi": "करने को कुछ नहीं",
    },
    "This link does not work": {
        "de": "Dieser Link funktioniert nicht",
        "fr": "Ce lien ne fonctionne pas",
        "es": "Este enlace no funciona",
        "ru": "Эта ссылка не работает",
        "hi": "यह लिंक काम नहीं करता",
    },
    "This link is not valid: copy the whole link from the e-mail.": {
        "de": "Dieser Link ist ungültig: Kopiere den ganzen Link aus der E-Mail.",
        "fr": "Ce lien n’est pas valide : copiez le lien entier depuis l’e-mail.",
        "es": "Este enlace no es válido: copia el enlace completo del correo.",
        "ru": "Ссылка недействительна: скопируйте её из письма целиком.",
        "hi": "यह लिंक मान्य नहीं है: ईमेल से पूरा लिंक कॉपी करें।",
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
