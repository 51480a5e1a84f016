/**
 * Defence in depth for the one place HTML is inserted: a comment's body. The server already
 * sanitises it (nh3); this keeps only a short allow-list of tags and attributes again, parsed in
 * an inert <template> so nothing loads or runs while we look, and links only to http(s)/mailto.
 */

const TAGS = /^(A|P|BR|EM|STRONG|B|I|CODE|PRE|BLOCKQUOTE|UL|OL|LI|DEL|S|HR|H[1-6]|SUP|SUB)$/;
const SAFE_URL = /^(https?:|mailto:|#|\/)/i;

function clean(parent: Node): void {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === 3) continue;
    if (node.nodeType !== 1 || !TAGS.test((node as Element).tagName)) {
      node.remove();
      continue;
    }
    const el = node as Element;
    for (const { name, value } of Array.from(el.attributes)) {
      const keep = name === "title" || (name === "href" && SAFE_URL.test(value.trim()));
      if (!keep) el.removeAttribute(name);
    }
    if (el.tagName === "A") el.setAttribute("rel", "nofollow ugc noopener");
    clean(el);
  }
}

export function safeHtml(html: string): DocumentFragment {
  const template = document.createElement("template");
  template.innerHTML = html;
  clean(template.content);
  return template.content;
}
