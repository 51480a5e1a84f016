/**
 * An avatar that reveals nothing and asks no one: a 5x5 mirrored pattern drawn from the
 * server's salted hash (`avatar`, hex). No e-mail hash leaves the server and no image is
 * fetched from a third party; the same author gets the same picture on every page.
 * The cells are one <path>, so a 200-comment thread adds 600 SVG nodes, not 5,000.
 */

const SVG = "http://www.w3.org/2000/svg";

function shape(tag: string, attrs: Record<string, string>): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const key in attrs) el.setAttribute(key, attrs[key]);
  return el;
}

export function identicon(hash: string): SVGElement {
  const hex = /^[0-9a-f]+$/i.test(hash) ? hash : "0";
  const nibble = (i: number) => parseInt(hex[i % hex.length], 16);
  const hue = Math.round(((nibble(0) * 16 + nibble(1)) * 360) / 256);
  let d = "";
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 3; x++) {
      if (nibble(2 + y * 3 + x) & 1) d += `M${x} ${y}h1v1h-1zM${4 - x} ${y}h1v1h-1z`;
    }
  }
  const svg = shape("svg", { viewBox: "0 0 5 5", class: "rj-av", "aria-hidden": "true" });
  svg.append(
    shape("rect", { width: "5", height: "5", fill: `hsl(${hue} 40% 92%)` }),
    shape("path", { d, fill: `hsl(${hue} 55% 42%)` }),
  );
  return svg;
}
