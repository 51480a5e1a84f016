"""The spam reasons a moderator reads under a held comment, in the moderator's language.

The engine explains a score in English sentences ("website on a cheap top-level domain (.xyz)",
"submitted 1.2 s after page load"), and those sentences are what is stored with the comment and
what the Akismet API answers. They stay so: the engine knows no language, a stored reason keeps
its meaning whoever reads it later, and a translation can be improved without touching a row.
The dashboard translates them when it shows them, by matching each against the table below.

Each entry is one sentence the engine (or a service: a ban, a reply written as the site) writes,
as an English pattern whose ``{name}`` parts stand for what varies, and its rendering in every
language of the dashboard. A part taken from the comment (a host, words of the text, a ban's
value) is put back as it came; the page escapes it as it escapes any text. Three part names are
numbers and are written as the dashboard writes numbers: ``count`` (a whole number, which also
picks the plural form, with ``dashboard.PLURAL_RULES``), ``seconds`` (one decimal, a decimal
comma where the language writes one, as ``web.admin.templating.decimal`` does) and ``percent``
("87%", "87 %"). A sentence that matches no entry (an older engine's wording, a reason from a
future one) is shown in English as it is: a reason is never lost for want of a translation.

Not here: Akismet's forced verdicts (``services.akismet_fields``), whose reasons go only to
Akismet clients and reach no dashboard page. ``tests/i18n/test_reason_translations.py`` runs the
real engine and services over crafted comments and fails on any reason this table does not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rejoinder.i18n.dashboard import PLURAL_RULES

TRANSLATED: Final = ("de", "fr", "es", "ru", "hi")
# Languages that write a decimal comma (1,2 s; 87 %), as the dashboard's numbers do.
DECIMAL_COMMA: Final = frozenset({"de", "fr", "es", "ru"})
NUMBER_PARTS: Final = ("count", "seconds", "percent")

# A translation: one sentence, or one per plural form of ``count`` (``dashboard.PLURAL_FORMS``).
Said = str | tuple[str, ...]

_PART: Final = re.compile(r"\{([a-z_]+)\}")
_PART_PATTERNS: Final = {
    "count": r"\d+",
    "seconds": r"-?\d+\.\d+",
    "percent": r"\d+%",
}
_FREE_TEXT: Final = r".+"  # a host, words, a name: whatever the comment held


@dataclass(frozen=True, slots=True)
class ReasonTemplate:
    """One sentence of the engine's, as English patterns (a sentence whose English changes with
    a count, "1 link" / "2 links", has one per form) and its rendering per language."""

    english: tuple[str, ...]
    said: dict[str, Said]

    def parts(self) -> tuple[str, ...]:
        return tuple(_PART.findall(self.english[0]))


def _reason(english: str | tuple[str, ...], **said: Said) -> ReasonTemplate:
    return ReasonTemplate((english,) if isinstance(english, str) else english, said)


REASONS: Final[tuple[ReasonTemplate, ...]] = (
    # -- the comment's own fields: the website, the author's name, the e-mail (spam.signals) --
    _reason(
        "website field is not a web address",
        de="Website-Feld enthält keine Webadresse",
        fr="le champ site web n’est pas une adresse web",
        es="el campo web no es una dirección web",
        ru="в поле «сайт» не веб-адрес",
        hi="वेबसाइट फ़ील्ड में वेब पता नहीं है",
    ),
    _reason(
        "website field filled",
        de="Website-Feld ausgefüllt",
        fr="champ site web rempli",
        es="campo web rellenado",
        ru="заполнено поле «сайт»",
        hi="वेबसाइट फ़ील्ड भरा गया",
    ),
    _reason(
        "website is a link shortener ({host})",
        de="Website ist ein Link-Kürzer ({host})",
        fr="le site web est un raccourcisseur de liens ({host})",
        es="la web es un acortador de enlaces ({host})",
        ru="сайт — сервис сокращения ссылок ({host})",
        hi="वेबसाइट एक लिंक छोटा करने वाली सेवा है ({host})",
    ),
    _reason(
        "website name sells something: {words}",
        de="Name der Website verkauft etwas: {words}",
        fr="le nom du site web vend quelque chose : {words}",
        es="el nombre de la web vende algo: {words}",
        ru="название сайта что-то продаёт: {words}",
        hi="वेबसाइट का नाम कुछ बेचता है: {words}",
    ),
    _reason(
        "website on a cheap top-level domain (.{tld})",
        de="Website unter einer billigen Top-Level-Domain (.{tld})",
        fr="site web sur un domaine de premier niveau bon marché (.{tld})",
        es="web en un dominio de nivel superior barato (.{tld})",
        ru="сайт в дешёвой доменной зоне (.{tld})",
        hi="वेबसाइट सस्ते टॉप-लेवल डोमेन पर है (.{tld})",
    ),
    _reason(
        "website name has digits",
        de="Name der Website enthält Ziffern",
        fr="le nom du site web contient des chiffres",
        es="el nombre de la web tiene cifras",
        ru="в названии сайта есть цифры",
        hi="वेबसाइट के नाम में अंक हैं",
    ),
    _reason(
        "author name is a web address",
        de="Autorname ist eine Webadresse",
        fr="le nom de l’auteur est une adresse web",
        es="el nombre del autor es una dirección web",
        ru="имя автора — веб-адрес",
        hi="लेखक का नाम एक वेब पता है",
    ),
    _reason(
        "author name is a keyword phrase: {name}",
        de="Autorname ist eine Keyword-Phrase: {name}",
        fr="le nom de l’auteur est une suite de mots-clés : {name}",
        es="el nombre del autor es una frase de palabras clave: {name}",
        ru="имя автора — набор ключевых слов: {name}",
        hi="लेखक का नाम कीवर्ड वाक्यांश है: {name}",
    ),
    _reason(
        "author name is a long phrase",
        de="Autorname ist eine lange Wortfolge",
        fr="le nom de l’auteur est une longue phrase",
        es="el nombre del autor es una frase larga",
        ru="имя автора — длинная фраза",
        hi="लेखक का नाम एक लंबा वाक्यांश है",
    ),
    _reason(
        "author name ends in digits",
        de="Autorname endet auf Ziffern",
        fr="le nom de l’auteur finit par des chiffres",
        es="el nombre del autor termina en cifras",
        ru="имя автора оканчивается цифрами",
        hi="लेखक का नाम अंकों पर ख़त्म होता है",
    ),
    _reason(
        "e-mail field is not an address",
        de="E-Mail-Feld enthält keine Adresse",
        fr="le champ e-mail n’est pas une adresse",
        es="el campo de correo no es una dirección",
        ru="в поле email не адрес",
        hi="ईमेल फ़ील्ड में पता नहीं है",
    ),
    _reason(
        "disposable e-mail domain ({domain})",
        de="Wegwerf-E-Mail-Domain ({domain})",
        fr="domaine d’e-mail jetable ({domain})",
        es="dominio de correo desechable ({domain})",
        ru="домен одноразовой почты ({domain})",
        hi="अस्थायी ईमेल डोमेन ({domain})",
    ),
    _reason(
        "a keyword-phrase name linking a website named to sell",
        de="Keyword-Phrase als Name und eine Website mit verkaufendem Namen",
        fr="un nom en mots-clés avec un site web au nom commercial",
        es="un nombre de palabras clave con una web de nombre comercial",
        ru="имя из ключевых слов и сайт с торговым названием",
        hi="कीवर्ड वाक्यांश वाला नाम और बेचने वाले नाम की वेबसाइट",
    ),
    # -- how it was sent (spam.signals.form) --
    _reason(
        "filled the hidden honeypot field",
        de="hat das versteckte Honeypot-Feld ausgefüllt",
        fr="a rempli le champ piège caché",
        es="rellenó el campo trampa oculto",
        ru="заполнено скрытое поле-ловушка",
        hi="छिपा हुआ हनीपॉट फ़ील्ड भरा गया",
    ),
    _reason(
        "submitted {seconds} s after page load",
        de="{seconds} s nach dem Laden der Seite abgeschickt",
        fr="envoyé {seconds} s après le chargement de la page",
        es="enviado {seconds} s después de cargar la página",
        ru="отправлено через {seconds} с после загрузки страницы",
        hi="पेज लोड होने के {seconds} सेकंड बाद भेजी गई",
    ),
    _reason(
        "sent by an automated user agent",
        de="von einem automatisierten User-Agent gesendet",
        fr="envoyé par un agent utilisateur automatisé",
        es="enviado por un agente de usuario automatizado",
        ru="отправлено автоматическим клиентом (user agent)",
        hi="स्वचालित यूज़र एजेंट से भेजी गई",
    ),
    _reason(
        "a trackback", de="ein Trackback", fr="un trackback", es="un trackback", ru="трекбэк", hi="एक ट्रैकबैक"
    ),
    _reason("a pingback", de="ein Pingback", fr="un pingback", es="un pingback", ru="пингбэк", hi="एक पिंगबैक"),
    # -- the text (spam.signals.text, vocabulary) --
    _reason(
        "very long ({count} characters)",
        de="sehr lang ({count} Zeichen)",
        fr=("très long ({count} caractère)", "très long ({count} caractères)"),
        es=("muy largo ({count} carácter)", "muy largo ({count} caracteres)"),
        ru=(
            "очень длинный ({count} символ)",
            "очень длинный ({count} символа)",
            "очень длинный ({count} символов)",
        ),
        hi="बहुत लंबी ({count} अक्षर)",
    ),
    _reason(
        "empty comment",
        de="leerer Kommentar",
        fr="commentaire vide",
        es="comentario vacío",
        ru="пустой комментарий",
        hi="खाली टिप्पणी",
    ),
    _reason(
        "written in capitals",
        de="in Großbuchstaben geschrieben",
        fr="écrit en majuscules",
        es="escrito en mayúsculas",
        ru="написано заглавными буквами",
        hi="कैपिटल अक्षरों में लिखी गई",
    ),
    _reason(
        "nothing but a link",
        de="nichts als ein Link",
        fr="rien qu’un lien",
        es="nada más que un enlace",
        ru="только ссылка, и ничего больше",
        hi="केवल एक लिंक, और कुछ नहीं",
    ),
    _reason(
        "{count} invisible characters",
        de=("{count} unsichtbares Zeichen", "{count} unsichtbare Zeichen"),
        fr=("{count} caractère invisible", "{count} caractères invisibles"),
        es=("{count} carácter invisible", "{count} caracteres invisibles"),
        ru=("{count} невидимый символ", "{count} невидимых символа", "{count} невидимых символов"),
        hi="{count} अदृश्य अक्षर",
    ),
    _reason(
        "look-alike letters from another script",
        de="ähnlich aussehende Buchstaben aus einer anderen Schrift",
        fr="lettres ressemblantes d’une autre écriture",
        es="letras parecidas de otro alfabeto",
        ru="похожие буквы из другой письменности",
        hi="दूसरी लिपि के मिलते-जुलते अक्षर",
    ),
    _reason(
        "spam vocabulary: {words}",
        de="Spam-Vokabular: {words}",
        fr="vocabulaire de spam : {words}",
        es="vocabulario de spam: {words}",
        ru="спамерская лексика: {words}",
        hi="स्पैम शब्दावली: {words}",
    ),
    _reason(
        ("{count} link", "{count} links"),
        de=("{count} Link", "{count} Links"),
        fr=("{count} lien", "{count} liens"),
        es=("{count} enlace", "{count} enlaces"),
        ru=("{count} ссылка", "{count} ссылки", "{count} ссылок"),
        hi="{count} लिंक",
    ),
    _reason(
        "letters spaced out to hide words",
        de="Buchstaben mit Leerzeichen getrennt, um Wörter zu verbergen",
        fr="lettres espacées pour cacher des mots",
        es="letras espaciadas para ocultar palabras",
        ru="буквы разделены пробелами, чтобы скрыть слова",
        hi="शब्द छिपाने के लिए अक्षरों के बीच जगह छोड़ी गई",
    ),
    _reason(
        "links to a site whose name sells something: {words}",
        de="verlinkt eine Website, deren Name etwas verkauft: {words}",
        fr="lien vers un site dont le nom vend quelque chose : {words}",
        es="enlaza a un sitio cuyo nombre vende algo: {words}",
        ru="ссылка на сайт, название которого что-то продаёт: {words}",
        hi="ऐसी साइट का लिंक जिसका नाम कुछ बेचता है: {words}",
    ),
    _reason(
        "links to a cheap top-level domain (.{tld})",
        de="verlinkt eine billige Top-Level-Domain (.{tld})",
        fr="lien vers un domaine de premier niveau bon marché (.{tld})",
        es="enlaza a un dominio de nivel superior barato (.{tld})",
        ru="ссылка на дешёвую доменную зону (.{tld})",
        hi="सस्ते टॉप-लेवल डोमेन (.{tld}) का लिंक",
    ),
    _reason(
        "a sales pitch ({words}) with a link to a shop-like site",
        de="Werbesprache ({words}) mit einem Link auf eine Website, die wie ein Shop aussieht",
        fr="un argumentaire de vente ({words}) avec un lien vers un site marchand",
        es="un discurso de venta ({words}) con un enlace a un sitio tipo tienda",
        ru="рекламный текст ({words}) со ссылкой на сайт-магазин",
        hi="बिक्री की बातें ({words}) और दुकान जैसी साइट का लिंक",
    ),
    _reason(
        "money amounts",
        de="Geldbeträge",
        fr="montants d’argent",
        es="cantidades de dinero",
        ru="денежные суммы",
        hi="धनराशियाँ",
    ),
    # -- the learned signals (spam.signals.LEARNED) --
    _reason(
        "a link shortener",
        de="ein Link-Kürzer",
        fr="un raccourcisseur de liens",
        es="un acortador de enlaces",
        ru="сервис сокращения ссылок",
        hi="लिंक छोटा करने वाली सेवा",
    ),
    _reason(
        "a BBCode [url=] link",
        de="ein BBCode-Link [url=]",
        fr="un lien BBCode [url=]",
        es="un enlace BBCode [url=]",
        ru="ссылка BBCode [url=]",
        hi="BBCode [url=] लिंक",
    ),
    _reason(
        "an HTML <a href> link",
        de="ein HTML-Link <a href>",
        fr="un lien HTML <a href>",
        es="un enlace HTML <a href>",
        ru="HTML-ссылка <a href>",
        hi="HTML <a href> लिंक",
    ),
    _reason(
        "a disguised web address (e.g. 'site dot com')",
        de="eine getarnte Webadresse (z. B. „site dot com“)",
        fr="une adresse web déguisée (par ex. « site dot com »)",
        es="una dirección web disfrazada (p. ej., «site dot com»)",
        ru="замаскированный веб-адрес (например, «site dot com»)",
        hi="छिपाया हुआ वेब पता (जैसे 'site dot com')",
    ),
    _reason(
        "an e-mail address in the text",
        de="eine E-Mail-Adresse im Text",
        fr="une adresse e-mail dans le texte",
        es="una dirección de correo en el texto",
        ru="адрес email в тексте",
        hi="टेक्स्ट में ईमेल पता",
    ),
    _reason(
        "a phone number",
        de="eine Telefonnummer",
        fr="un numéro de téléphone",
        es="un número de teléfono",
        ru="номер телефона",
        hi="फ़ोन नंबर",
    ),
    _reason(
        "repeated punctuation",
        de="wiederholte Satzzeichen",
        fr="ponctuation répétée",
        es="puntuación repetida",
        ru="повторяющиеся знаки препинания",
        hi="दोहराए गए विराम चिह्न",
    ),
    # -- the wording, and the site's own layer (spam.explain) --
    _reason(
        "words: {words}",
        de="Wörter: {words}",
        fr="mots : {words}",
        es="palabras: {words}",
        ru="слова: {words}",
        hi="शब्द: {words}",
    ),
    _reason(
        "wording typical of spam",
        de="typische Spam-Formulierungen",
        fr="formulation typique du spam",
        es="redacción típica del spam",
        ru="формулировки, типичные для спама",
        hi="स्पैम जैसी भाषा",
    ),
    _reason(
        "wording typical of genuine comments",
        de="typische Formulierungen echter Kommentare",
        fr="formulation typique des vrais commentaires",
        es="redacción típica de comentarios genuinos",
        ru="формулировки, типичные для настоящих комментариев",
        hi="असली टिप्पणियों जैसी भाषा",
    ),
    _reason(
        "resembles spam that moderators marked on this site",
        de="ähnelt Spam, den Moderatoren auf dieser Website markiert haben",
        fr="ressemble au spam marqué par les modérateurs sur ce site",
        es="se parece al spam que los moderadores marcaron en este sitio",
        ru="похож на спам, отмеченный модераторами на этом сайте",
        hi="इस साइट पर मॉडरेटरों द्वारा चिह्नित स्पैम से मिलती-जुलती",
    ),
    _reason(
        "resembles approved comments that moderators marked on this site",
        de="ähnelt Kommentaren, die Moderatoren auf dieser Website freigegeben haben",
        fr="ressemble aux commentaires approuvés par les modérateurs sur ce site",
        es="se parece a comentarios que los moderadores aprobaron en este sitio",
        ru="похож на комментарии, одобренные модераторами на этом сайте",
        hi="इस साइट पर मॉडरेटरों द्वारा स्वीकृत टिप्पणियों से मिलती-जुलती",
    ),
    # -- what the site's history says (spam.context, spam.site) --
    _reason(
        "same text posted {count} times on this site recently",
        de="derselbe Text wurde kürzlich {count}-mal auf dieser Website gepostet",
        fr="même texte publié {count} fois récemment sur ce site",
        es=(
            "mismo texto publicado {count} vez recientemente en este sitio",
            "mismo texto publicado {count} veces recientemente en este sitio",
        ),
        ru=(
            "тот же текст недавно опубликован на этом сайте {count} раз",
            "тот же текст недавно опубликован на этом сайте {count} раза",
            "тот же текст недавно опубликован на этом сайте {count} раз",
        ),
        hi="यही टेक्स्ट हाल में इस साइट पर {count} बार पोस्ट हुआ",
    ),
    _reason(
        "website field points at a newly seen domain",
        de="Website-Feld verweist auf eine erstmals gesehene Domain",
        fr="le champ site web pointe vers un domaine vu pour la première fois",
        es="el campo web apunta a un dominio visto por primera vez",
        ru="поле «сайт» указывает на впервые встреченный домен",
        hi="वेबसाइट फ़ील्ड पहली बार देखे गए डोमेन की ओर है",
    ),
    _reason(
        "website seen on {count} approved comments here",
        de=(
            "Website hier bei {count} freigegebenen Kommentar gesehen",
            "Website hier bei {count} freigegebenen Kommentaren gesehen",
        ),
        fr=(
            "site web vu ici sur {count} commentaire approuvé",
            "site web vu ici sur {count} commentaires approuvés",
        ),
        es=(
            "web vista aquí en {count} comentario aprobado",
            "web vista aquí en {count} comentarios aprobados",
        ),
        ru=(
            "сайт встречался здесь в {count} одобренном комментарии",
            "сайт встречался здесь в {count} одобренных комментариях",
            "сайт встречался здесь в {count} одобренных комментариях",
        ),
        hi=("वेबसाइट यहाँ {count} स्वीकृत टिप्पणी में दिखी", "वेबसाइट यहाँ {count} स्वीकृत टिप्पणियों में दिखी"),
    ),
    _reason(
        "a previously approved commenter",
        de="eine früher schon freigegebene Person",
        fr="un commentateur déjà approuvé",
        es="un comentarista aprobado anteriormente",
        ru="ранее одобренный комментатор",
        hi="पहले स्वीकृत किया गया टिप्पणीकार",
    ),
    _reason(
        "website {host} was marked spam {count} times here",
        de="Website {host} wurde hier {count}-mal als Spam markiert",
        fr="site web {host} marqué comme spam {count} fois ici",
        es=(
            "web {host} marcada como spam {count} vez aquí",
            "web {host} marcada como spam {count} veces aquí",
        ),
        ru=(
            "сайт {host} отмечен здесь как спам {count} раз",
            "сайт {host} отмечен здесь как спам {count} раза",
            "сайт {host} отмечен здесь как спам {count} раз",
        ),
        hi="वेबसाइट {host} यहाँ {count} बार स्पैम चिह्नित हुई",
    ),
    _reason(
        "website {host} was approved {count} times here",
        de="Website {host} wurde hier {count}-mal freigegeben",
        fr="site web {host} approuvé {count} fois ici",
        es=("web {host} aprobada {count} vez aquí", "web {host} aprobada {count} veces aquí"),
        ru=(
            "сайт {host} одобрен здесь {count} раз",
            "сайт {host} одобрен здесь {count} раза",
            "сайт {host} одобрен здесь {count} раз",
        ),
        hi="वेबसाइट {host} यहाँ {count} बार स्वीकृत हुई",
    ),
    _reason(
        "{percent} similar to a comment a moderator marked spam",
        de="zu {percent} ähnlich einem Kommentar, den ein Moderator als Spam markiert hat",
        fr="similaire à {percent} à un commentaire marqué comme spam par un modérateur",
        es="similar en un {percent} a un comentario que un moderador marcó como spam",
        ru="на {percent} похож на комментарий, отмеченный модератором как спам",
        hi="मॉडरेटर द्वारा स्पैम चिह्नित टिप्पणी से {percent} मिलती-जुलती",
    ),
    _reason(
        "{percent} similar to a comment a moderator approved",
        de="zu {percent} ähnlich einem Kommentar, den ein Moderator freigegeben hat",
        fr="similaire à {percent} à un commentaire approuvé par un modérateur",
        es="similar en un {percent} a un comentario que un moderador aprobó",
        ru="на {percent} похож на комментарий, одобренный модератором",
        hi="मॉडरेटर द्वारा स्वीकृत टिप्पणी से {percent} मिलती-जुलती",
    ),
    # -- the services: a ban (services.bans), a reply written as the site (services.moderation) --
    _reason(
        "banned e-mail {value}",
        de="gesperrte E-Mail {value}",
        fr="e-mail banni {value}",
        es="correo bloqueado {value}",
        ru="заблокированный email {value}",
        hi="प्रतिबंधित ईमेल {value}",
    ),
    _reason(
        "banned website domain {value}",
        de="gesperrte Website-Domain {value}",
        fr="domaine de site web banni {value}",
        es="dominio web bloqueado {value}",
        ru="заблокированный домен сайта {value}",
        hi="प्रतिबंधित वेबसाइट डोमेन {value}",
    ),
    _reason(
        "banned IP network {value}",
        de="gesperrtes IP-Netz {value}",
        fr="réseau IP banni {value}",
        es="red IP bloqueada {value}",
        ru="заблокированная IP-сеть {value}",
        hi="प्रतिबंधित IP नेटवर्क {value}",
    ),
    _reason(
        "banned name pattern {value}",
        de="gesperrtes Namensmuster {value}",
        fr="motif de nom banni {value}",
        es="patrón de nombre bloqueado {value}",
        ru="заблокированный шаблон имени {value}",
        hi="प्रतिबंधित नाम पैटर्न {value}",
    ),
    _reason(
        "written by moderator {name} as the site",
        de="von Moderator {name} als Website geschrieben",
        fr="écrit par le modérateur {name} au nom du site",
        es="escrito por el moderador {name} como el sitio",
        ru="написано модератором {name} от имени сайта",
        hi="मॉडरेटर {name} ने साइट की ओर से लिखा",
    ),
)


def pattern_of(english: str, prefix: str = "") -> str:
    """The regular expression an English pattern stands for: its text literally, each part as a
    named group (``prefix`` + name) of a number or of free text."""
    out: list[str] = []
    at = 0
    for part in _PART.finditer(english):
        out.append(re.escape(english[at : part.start()]))
        name = part.group(1)
        out.append(f"(?P<{prefix}{name}>{_PART_PATTERNS.get(name, _FREE_TEXT)})")
        at = part.end()
    out.append(re.escape(english[at:]))
    return "".join(out)


def _alternatives() -> tuple[re.Pattern[str], tuple[ReasonTemplate, ...]]:
    """One expression for the whole table, each English pattern an alternative named ``r<i>``
    around its parts (``r<i>_<name>``): one scan in C per reason instead of one per entry. The
    alternative's own group closes last, so ``lastgroup`` names it."""
    alternatives: list[str] = []
    owners: list[ReasonTemplate] = []
    for template in REASONS:
        for english in template.english:
            i = len(owners)
            alternatives.append(f"(?P<r{i}>{pattern_of(english, f'r{i}_')})")
            owners.append(template)
    return re.compile("|".join(alternatives), re.DOTALL), tuple(owners)


_ALL, _OWNERS = _alternatives()


def reason_in(text: str, language: str) -> str:
    """The engine's English reason ``text`` as the dashboard shows it in ``language``: the table's
    rendering with the reason's parts put back, or ``text`` itself when the table has no entry
    for it (or the language is English). Plain text: the page escapes it."""
    if language not in TRANSLATED:
        return text
    return _said(text, language)


@lru_cache(maxsize=4096)
def _said(text: str, language: str) -> str:
    """Cached: the same few reasons ("1 link", "money amounts") fill a page."""
    found = _ALL.fullmatch(text)
    if found is None or found.lastgroup is None:
        return text
    alternative = found.lastgroup
    template = _OWNERS[int(alternative[1:])]
    said = template.said[language]
    parts = {name: found.group(f"{alternative}_{name}") for name in template.parts()}
    if isinstance(said, tuple):
        said = said[min(PLURAL_RULES[language](int(parts["count"])), len(said) - 1)]
    if "seconds" in parts and language in DECIMAL_COMMA:
        parts["seconds"] = parts["seconds"].replace(".", ",")
    if "percent" in parts and language in DECIMAL_COMMA:
        parts["percent"] = parts["percent"].replace("%", "\u00a0%")
    return said.format_map(parts)
