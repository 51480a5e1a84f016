"""``GET /privacy/{site_id}``: the data-processing notice, written from the real configuration."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from rejoinder.services.privacy import notice_for
from rejoinder.web.api.deps import comments_of

router = APIRouter()
_env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_TEMPLATE = _env.from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>How comments on {{ n.site_name }} handle your data</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem}</style></head>
<body><main>
<h1>How comments on {{ n.site_name }} handle your data</h1>
<p>Comments on <a href="{{ n.site_url }}" rel="nofollow noopener">{{ n.site_url }}</a> are run by Rejoinder,
a comment system hosted by the site itself. This notice is generated from the server's current settings.</p>

<h2>What is stored when you comment</h2>
<ul>
<li>Your comment text, the page it is on, and when you wrote or edited it.</li>
{% if n.required %}<li>Required: your {{ n.required | join(" and ") }}.</li>{% endif %}
{% if n.optional %}<li>Optional: your {{ n.optional | join(" and ") }}, if you give them.</li>{% endif %}
<li>Your e-mail address is never shown to anyone and never returned by the public API. Your picture is an
identicon drawn from a salted hash; no avatar service is contacted.</li>
<li>Your IP address, shortened before it is stored (IPv4 to its /{{ n.ipv4_prefix }} network, IPv6 to its
/{{ n.ipv6_prefix }}), and your browser's user-agent string. The shortened address is erased after
{{ n.ip_retention_days }} days.</li>
</ul>

<h2>How long it is kept</h2>
<ul>
{% if n.retention_days %}<li>Comments are deleted {{ n.retention_days }} days after they were posted.</li>
{% else %}<li>Published comments are kept until they are deleted.</li>{% endif %}
<li>Comments judged to be spam, and deleted comments, are erased after {{ n.spam_retention_days }} days.</li>
<li>The record of each spam check (the text, name, e-mail address, website, shortened IP address and
user-agent string the filter saw, also for comments it rejected and did not store) is deleted after
{{ n.check_retention_days }} days.</li>
<li>When a moderator marks a comment as spam or as not spam, a copy of what the filter saw is kept so the
filter learns from it. Its shortened IP address and user-agent string are erased after
{{ n.ip_retention_days }} days; the text, name, e-mail address and website stay while the site's filter
uses them, until you ask for erasure.</li>
<li>These rules are applied by the server itself, every hour.</li>
</ul>

<h2>The spam check</h2>
<p>Every comment is checked for spam by a filter that runs on this server. Nothing you write is sent to a
third party for the check. Moderation policy: {{ n.moderation | replace("_", " ") }}.
{% if n.trusts_returning_commenters %}Someone whose name, e-mail and website together match a previously
approved comment is treated as a returning commenter.{% endif %}</p>

{% if n.webhook_host %}
<h2>Notifications to the site's moderators</h2>
<p>When a comment is published or held for moderation, its text, the name and website given with it and a
link to it are sent to {{ n.webhook_host }} to notify the site's moderators. Your e-mail address and IP
address are never sent. Comments judged to be spam are not sent.</p>
{% endif %}

{% if n.moderator_mail %}
<h2>E-mail to the site's moderators</h2>
<p>{% if n.moderator_mail_all %}New comments, published or held for moderation,
{% else %}Comments held for moderation{% endif %} are e-mailed to the site's moderators
with their text, the name and website given with them, and the spam filter's score. Your e-mail address
and IP address are not in that e-mail.</p>
{% endif %}
{% if n.reply_mail %}
<h2>E-mails about replies, if you ask for them</h2>
<p>If you tick "e-mail me replies" when you comment, your e-mail address is used to send you each published
reply to that comment, and for nothing else; at most {{ n.reply_mail_cap }} such e-mails a day. The first
time, you are sent a link to confirm that the address is yours, and nothing more until you do. Each e-mail
has a link that stops them at once, with no login. A record of each e-mail sent (to which address, about
which comment) is kept for {{ n.mail_retention_days }} days.</p>
{% endif %}

<h2>Likes and reports</h2>
<p>When you {% if n.likes %}like a comment or {% endif %}report one to the moderators, a keyed hash of your
IP address is stored with it, so that each reader counts once. The address itself cannot be read back from
it, and the hash differs from site to site. It is deleted after {{ n.ip_retention_days }} days
{%- if n.likes %}; the number of likes stays{% endif %}.
{% if n.reports_to_hold %}A comment that {{ n.reports_to_hold }} readers report waits for a moderator
before it is shown again.{% endif %}</p>

<h2>Cookies and your browser</h2>
<p>No cookies are set for readers. After you post, your browser keeps a signed edit token in its local
storage so that you can edit or delete your comment for {{ n.edit_window_minutes }} minutes and see it
while it waits for a moderator{% if n.likes %}, and the numbers of the comments you liked, so that their
buttons show it{% endif %}.</p>

<h2>Your rights</h2>
<p>Ask the site's owner for a copy of your comments or for the erasure of your data: they can export the
comments stored under your e-mail address, and erase your name, e-mail address, website, IP address and
user-agent string from your comments, spam-check records and learning copies.</p>
</main></body></html>
"""
)


@router.get("/privacy/{site_id}", response_class=HTMLResponse, include_in_schema=False)
async def privacy(request: Request, site_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> HTMLResponse:
    service = comments_of(request)
    site = await service.site(site_id)
    return HTMLResponse(_TEMPLATE.render(n=notice_for(site, service.settings)))
