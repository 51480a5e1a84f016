// Builds the widget bundles into the Python package (src/rejoinder/web/static/), so that
// `pip install` users never need Node. The build is reproducible: same sources + same esbuild
// version = same bytes, and manifest.json records the sha256 of each bundle and of the sources
// that made it (tests/widget checks both). Usage: node build.mjs [OUTDIR]
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(process.argv[2] ?? join(here, "..", "src", "rejoinder", "web", "static"));
const ENTRIES = { "embed.js": "src/embed.ts", "count.js": "src/count.ts" };
const SOURCE_FILES = ["build.mjs", "package.json", "package-lock.json", "tsconfig.json"];

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

function walk(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

/** One hash over every input of the build: "path\0sha256(content)\n" per file, sorted by path. */
export function sourcesDigest() {
  const files = [...SOURCE_FILES.map((f) => join(here, f)), ...walk(join(here, "src"))];
  const lines = files
    .map((file) => relative(here, file).split(sep).join("/"))
    .sort()
    .map((path) => `${path}\0${sha256(readFileSync(join(here, path)))}\n`);
  return sha256(lines.join(""));
}

/** `import css from "./style.css"` yields the minified stylesheet as a string, injected at run time. */
const cssAsText = {
  name: "css-as-text",
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await esbuild.transform(readFileSync(args.path, "utf8"), {
        loader: "css",
        minify: true,
      });
      return { contents: `export default ${JSON.stringify(code.trim())};`, loader: "js" };
    });
  },
};

const manifest = { esbuild: esbuild.version, sources_sha256: sourcesDigest(), files: {} };
mkdirSync(outdir, { recursive: true });
for (const [name, entry] of Object.entries(ENTRIES)) {
  const result = await esbuild.build({
    entryPoints: [join(here, entry)],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    charset: "utf8",
    legalComments: "none",
    write: false,
    plugins: [cssAsText],
    logLevel: "warning",
  });
  const bytes = result.outputFiles[0].contents;
  writeFileSync(join(outdir, name), bytes);
  manifest.files[name] = { sha256: sha256(bytes), bytes: bytes.length };
}
writeFileSync(join(outdir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
for (const [name, info] of Object.entries(manifest.files)) console.log(`${name}: ${info.bytes} bytes`);
