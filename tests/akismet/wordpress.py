"""A comment-check request shaped exactly as the WordPress Akismet plugin (5.x) sends it.

Recorded from the plugin's documented behaviour (``Akismet::auto_check_comment`` and
``Akismet::http_post``): HTTP/1.0, ``Content-Type: application/x-www-form-urlencoded;
charset=<blog_charset>``, PHP's ``http_build_query`` encoding (``+`` for spaces, arrays as
``name[0]``), the whole ``commentdata``, every string field of the comment form as ``POST_*``,
every request header but cookies as ``HTTP_*``, the server variables, and ``api_key`` appended.
"""

from __future__ import annotations

from urllib.parse import quote_plus

COMMENT = (
    "Je suis d'accord avec l'article, mais la réunion du conseil municipal a duré près de deux heures "
    "et personne n'a parlé du stationnement rue des Écoles. Les riverains ont déjà écrit au maire."
)
AUTHOR = "Hélène Lefèvre"
PAGE_LOADED_MS = "1795852772123"  # ak_js: Date.getTime() in the reader's browser
POSTED_GMT = "2026-11-28 08:00:07"  # 34.877 s after ak_js


def commentdata(blog: str) -> list[tuple[str, str]]:
    post = f"{blog}/2026/11/27/bus-lanes-hill-street/"
    fields = [
        ("comment_post_ID", "1841"),
        ("comment_author", AUTHOR),
        ("comment_author_email", "helene.lefevre@example.fr"),
        ("comment_author_url", ""),
        ("comment_content", COMMENT),
        ("comment_type", "comment"),
        ("comment_parent", "0"),
        ("user_ID", "0"),
        ("user_id", "0"),
        ("comment_author_IP", "198.51.100.77"),
        ("comment_agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"),
        ("comment_date", "2026-11-28 09:00:07"),
        ("comment_date_gmt", POSTED_GMT),
        ("comment_approved", "0"),
        ("akismet_comment_nonce", "passed"),
        ("user_ip", "198.51.100.77"),
        ("user_agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"),
        ("referrer", post),
        ("blog", blog),
        ("blog_lang", "fr_FR"),
        ("blog_charset", "ISO-8859-1"),
        ("permalink", post),
        ("user_role", ""),
        ("comment_post_modified_gmt", "2026-11-27 16:12:40"),
        ("comment_context[0]", "transport"),
        ("comment_context[1]", "municipalité"),
        ("callback", f"{blog}/wp-json/akismet/v1/webhook"),
    ]
    form = {
        "comment": COMMENT,
        "author": AUTHOR,
        "email": "helene.lefevre@example.fr",
        "url": "",
        "wp-comment-cookies-consent": "yes",
        "submit": "Laisser un commentaire",
        "comment_post_ID": "1841",
        "comment_parent": "0",
        "akismet_comment_nonce": "8d2f0e5a41",
        "ak_hp_textarea": "",
        "ak_js": PAGE_LOADED_MS,
        "_wp_unfiltered_html_comment": "",
        "jetpack_comment_nonce": "a1b2c3d4e5",
        "subscribe_comments": "",
        "subscribe_blog": "",
        "highlander_comment_nonce": "f00dfeed12",
        "_wp_http_referer": "/2026/11/27/bus-lanes-hill-street/",
    }
    fields += [(f"POST_{k}", v) for k, v in form.items()]
    headers = {
        "HOST": blog.split("//", 1)[1],
        "USER_AGENT": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
        "ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "ACCEPT_LANGUAGE": "fr-FR,fr;q=0.8,en-US;q=0.5,en;q=0.3",
        "ACCEPT_ENCODING": "gzip, deflate, br, zstd",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": "612",
        "ORIGIN": blog,
        "CONNECTION": "keep-alive",
        "REFERER": post,
        "UPGRADE_INSECURE_REQUESTS": "1",
        "SEC_FETCH_DEST": "document",
        "SEC_FETCH_MODE": "navigate",
        "SEC_FETCH_SITE": "same-origin",
        "SEC_FETCH_USER": "?1",
        "PRIORITY": "u=0, i",
        "TE": "trailers",
        "DNT": "1",
        "SEC_GPC": "1",
        "X_FORWARDED_FOR": "198.51.100.77",
        "X_FORWARDED_PROTO": "https",
        "X_REAL_IP": "198.51.100.77",
        "CDN_LOOP": "cloudflare",
        "CF_CONNECTING_IP": "198.51.100.77",
        "CF_IPCOUNTRY": "FR",
        "CF_RAY": "8e9a0b1c2d3e4f50-CDG",
        "CF_VISITOR": '{"scheme":"https"}',
    }
    fields += [(f"HTTP_{k}", v) for k, v in headers.items()]
    server = {
        "REMOTE_ADDR": "198.51.100.77",
        "REQUEST_URI": "/wp-comments-post.php",
        "DOCUMENT_URI": "/wp-comments-post.php",
        "REQUEST_METHOD": "POST",
        "SERVER_SOFTWARE": "nginx/1.26.2",
        "SERVER_NAME": headers["HOST"],
        "SERVER_ADDR": "10.0.0.5",
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/2.0",
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SCRIPT_NAME": "/wp-comments-post.php",
        "SCRIPT_FILENAME": "/var/www/html/wp-comments-post.php",
        "DOCUMENT_ROOT": "/var/www/html",
        "QUERY_STRING": "",
        "HTTPS": "on",
        "REQUEST_SCHEME": "https",
        "REMOTE_PORT": "51234",
        "REQUEST_TIME_FLOAT": "1795852807.4821",
        "REQUEST_TIME": "1795852807",
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "PHP_SELF": "/wp-comments-post.php",
        "FCGI_ROLE": "RESPONDER",
        "REDIRECT_STATUS": "200",
        "USER": "www-data",
        "HOME": "/var/www",
    }
    fields += list(server.items())
    # The plugin forwards every other $_SERVER entry it does not ignore; big hosts add dozens.
    fields += [(f"HTTP_X_HOSTING_TRACE_{i:02d}", f"edge-{i:02d}.par.example-cdn.net") for i in range(20)]
    return fields


def body(api_key: str, blog: str, *, honeypot: str = "", charset: str = "ISO-8859-1") -> bytes:
    """The encoded body, as ``http_build_query`` writes it in the blog's charset."""
    fields = [(k, honeypot if k == "POST_ak_hp_textarea" else v) for k, v in commentdata(blog)]
    fields.append(("api_key", api_key))
    return "&".join(
        f"{quote_plus(k, encoding=charset)}={quote_plus(v, encoding=charset)}" for k, v in fields
    ).encode()


def http_request(api_key: str, blog: str, **kwargs: str) -> bytes:
    """The whole HTTP/1.0 request, as the plugin's ``wp_remote_post`` writes it."""
    payload = body(api_key, blog, **kwargs)
    head = (
        "POST /1.1/comment-check HTTP/1.0\r\n"
        "Host: rest.akismet.com\r\n"
        "User-Agent: WordPress/6.7.1 | Akismet/5.3.5\r\n"
        "Accept: */*\r\n"
        "Content-Type: application/x-www-form-urlencoded; charset=ISO-8859-1\r\n"
        f"Content-Length: {len(payload)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("ascii") + payload
