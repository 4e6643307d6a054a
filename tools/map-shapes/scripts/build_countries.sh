#!/bin/sh
# Reproducible build of out/countries.tsv + preview. Run from tools/map-shapes after `npm ci`.
set -eu
cd "$(dirname "$0")/.."
mkdir -p tmp out
INTERVAL=${INTERVAL:-1.5}   # mapshaper Visvalingam interval in km for normal countries
MS=node_modules/.bin/mapshaper
node scripts/01_countries_project.js tmp/countries_proj.geojson
# clip = window (-2900,-2400,+6000,+4700) plus 30 km margin; tiny countries (< 1000 km²) simplified at 0.1 km only
$MS -i tmp/countries_proj.geojson snap \
  -clip bbox=-2930,-2430,3130,2330 \
  -dissolve iso2 \
  -simplify variable interval="this.area < 1000 ? 0.1 : $INTERVAL" keep-shapes \
  -o tmp/countries_simpl.geojson format=geojson precision=0.01
MIN_ISLAND=30 TINY_AREA=1000 node scripts/03_build_tsv.mjs tmp/countries_simpl.geojson out/countries.tsv out/preview_countries.svg iso2
node scripts/window_txt.js > out/window.txt
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot="$PWD/out/preview_countries.png" --window-size=1200,1000 "file://$PWD/out/preview_countries.svg" 2>/dev/null || echo "chromium screenshot failed (optional)"
