// Writes LICENSES.md for app/static/vendor/ to stdout.
//
// The package list comes from esbuild's metafile (what actually ended up in
// editor.js) plus KaTeX, which is copied as-is, so the notices always match the
// shipped files instead of a hand-kept list.
//
// Usage: node licenses.mjs <esbuild-metafile.json>

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");

function packageOf(inputPath) {
  const parts = inputPath.split("/");
  const i = parts.lastIndexOf("node_modules");
  if (i < 0) return null;
  const first = parts[i + 1];
  return first.startsWith("@") ? `${first}/${parts[i + 2]}` : first;
}

function licenseText(pkgDir) {
  const name = readdirSync(pkgDir).find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
  if (!name) throw new Error(`no licence file in ${pkgDir}`);
  return readFileSync(join(pkgDir, name), "utf8").trim();
}

function copyrightLine(text) {
  const line = text.split("\n").find((l) => /copyright/i.test(l));
  return line ? line.trim() : "";
}

const metafilePath = process.argv[2];
if (!metafilePath) {
  console.error("usage: node licenses.mjs <esbuild-metafile.json>");
  process.exit(2);
}
const meta = JSON.parse(readFileSync(metafilePath, "utf8"));
// Only inputs that contributed bytes count: tree-shaken modules are not shipped.
const bundled = new Set();
for (const output of Object.values(meta.outputs)) {
  for (const [input, info] of Object.entries(output.inputs)) {
    const pkg = packageOf(input);
    if (pkg && info.bytesInOutput > 0) bundled.add(pkg);
  }
}

const entries = [...bundled].sort().map((name) => ({ name, shippedAs: "editor.js" }));
entries.push({ name: "katex", shippedAs: "katex/ (scripts, stylesheet, fonts)" });

const out = [];
out.push("# Third-party licences");
out.push("");
out.push(
  "The files in this folder are built from the npm packages below by " +
    "`frontend/build.sh`; this file is regenerated with them.",
);
out.push("");
out.push("| Package | Version | Licence | Shipped in | Copyright |");
out.push("| --- | --- | --- | --- | --- |");
const sections = [];
for (const entry of entries) {
  const dir = join(modules, entry.name);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const text = licenseText(dir);
  out.push(
    `| ${entry.name} | ${pkg.version} | ${pkg.license} | ${entry.shippedAs} | ${copyrightLine(text)} |`,
  );
  sections.push("", `## ${entry.name} ${pkg.version}`, "", "```text", text, "```");
}
out.push(...sections);
process.stdout.write(out.join("\n") + "\n");
