/**
 * An avatar that reveals nothing and asks no one: a 5x5 mirrored pattern drawn from the
 * server's salted hash (`avatar`, hex). No e-mail hash leaves the server and no image is
 * fetched from a third party; the same author gets the same picture on every page.
 */

const SVG = "http://www.w3.org/2000/svg";

function rect(svg: SVGSVGElement, x: number, y: number, size: number, fill: string): void {
  const r = document.createElementNS(SVG, "rect");
  for (const [k, v] of Object.entries({ x, y, width: size, height: size, fill })) r.setAttribute(k, String(v));
  svg.appendChild(r);
}

export function identicon(hash: string): SVGSVGElement {
  const hex = /^[0-9a-f]+$/i.test(hash) ? hash : "0";
  const nibble = (i: number) => parseInt(hex[i % hex.length], 16);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 5 5");
  svg.setAttribute("class", "rj-av");
  svg.setAttribute("aria-hidden", "true");
  const hue = Math.round(((nibble(0) * 16 + nibble(1)) * 360) / 256);
  const ink = `hsl(${hue} 55% 42%)`;
  rect(svg, 0, 0, 5, `hsl(${hue} 40% 92%)`);
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 3; x++) {
      if (nibble(2 + y * 3 + x) & 1) {
        rect(svg, x, y, 1, ink);
        if (x < 2) rect(svg, 4 - x, y, 1, ink);
      }
    }
  }
  return svg;
}
