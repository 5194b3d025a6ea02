#!/bin/sh
# Rebuild the vendored browser assets in app/static/vendor/ from the pinned
# npm packages, so the web app can serve its editor and math offline.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
vendor="$here/../app/static/vendor"
katex_src="$here/node_modules/katex/dist"
katex_out="$vendor/katex"

cd "$here"
npm ci --no-audit --no-fund

mkdir -p "$vendor"
./node_modules/.bin/esbuild src/editor.js \
  --bundle --minify --format=iife --target=es2020 \
  --legal-comments=eof \
  --metafile="$here/node_modules/.editor-meta.json" \
  --outfile="$vendor/editor.js"

# KaTeX: scripts, stylesheet and the woff2 fonts. Every browser that runs the
# editor reads woff2, so the woff/ttf fallbacks are dropped from the stylesheet
# rather than shipped.
rm -rf "$katex_out"
mkdir -p "$katex_out/fonts" "$katex_out/contrib"
cp "$katex_src/katex.min.js" "$katex_out/"
cp "$katex_src/contrib/auto-render.min.js" "$katex_out/contrib/"
cp "$katex_src"/fonts/*.woff2 "$katex_out/fonts/"
sed -e 's/,url(fonts\/[A-Za-z0-9_-]*\.woff) format("woff")//g' \
    -e 's/,url(fonts\/[A-Za-z0-9_-]*\.ttf) format("truetype")//g' \
    "$katex_src/katex.min.css" > "$katex_out/katex.min.css"
if grep -Eq '\.(woff|ttf)\)' "$katex_out/katex.min.css"; then
  echo "build.sh: katex.min.css still references woff/ttf fonts" >&2
  exit 1
fi

node "$here/licenses.mjs" "$here/node_modules/.editor-meta.json" > "$vendor/LICENSES.md"

du -sh "$vendor"
