// Simplified projected GeoJSON -> TSV of compact SVG paths + label points, and a preview SVG.
// usage: node 03_build_tsv.mjs in.geojson out.tsv preview.svg <idField> [extraFields,comma-separated] 
import fs from 'fs';
import polylabel from 'polylabel';
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const W = require('./window.js');
const [,, inFile, outTsv, outSvg, idField, extra = ''] = process.argv;
const extraFields = extra ? extra.split(',') : [];
const MIN_ISLAND = +(process.env.MIN_ISLAND || 30);   // km²: drop polygons smaller than this (except a feature's largest)
const TINY = +(process.env.TINY_AREA || 1000);        // km²: features smaller than this get 0.1 km precision
const fc = JSON.parse(fs.readFileSync(inFile, 'utf8'));

const ringArea = r => { let a = 0; for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1]); return a / 2; };
const polyArea = p => Math.abs(ringArea(p[0])) - p.slice(1).reduce((s, h) => s + Math.abs(ringArea(h)), 0);
const fmt = (v, prec) => { const s = prec === 1 ? String(Math.round(v)) : (Math.round(v * 10) / 10).toFixed(1).replace(/\.0$/, ''); return s === '-0' ? '0' : s; };

function ringPath(ring, prec) {
  const q = prec === 1 ? 1 : 10;
  let pts = ring.map(([x, y]) => [Math.round(x * q), Math.round(y * q)]); // integer units of 1/q km
  if (pts.length > 1 && pts[0][0] === pts.at(-1)[0] && pts[0][1] === pts.at(-1)[1]) pts.pop(); // drop closing point, Z closes
  const ded = [];
  for (const p of pts) { const l = ded.at(-1); if (!l || l[0] !== p[0] || l[1] !== p[1]) ded.push(p); }
  while (ded.length > 1 && ded[0][0] === ded.at(-1)[0] && ded[0][1] === ded.at(-1)[1]) ded.pop();
  if (ded.length < 3) return null;
  let s = 'M' + fmt(ded[0][0] / q, prec) + ' ' + fmt(ded[0][1] / q, prec) + 'l';
  let first = true;
  for (let i = 1; i < ded.length; i++) {
    const dx = fmt((ded[i][0] - ded[i - 1][0]) / q, prec), dy = fmt((ded[i][1] - ded[i - 1][1]) / q, prec);
    const pair = dx + (dy.startsWith('-') ? '' : ' ') + dy;
    s += (first || dx.startsWith('-') ? '' : ' ') + pair;
    first = false;
  }
  return s + 'z';
}

const rows = [];
for (const f of fc.features) {
  if (!f.geometry) continue;
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const withArea = polys.map(p => ({ p, a: polyArea(p) })).sort((a, b) => b.a - a.a);
  const total = withArea.reduce((s, x) => s + x.a, 0);
  const prec = total < TINY ? 0.1 : 1;
  const kept = withArea.filter((x, i) => i === 0 || x.a >= MIN_ISLAND);
  let path = '';
  for (const { p } of kept) for (const ring of p) { const r = ringPath(ring, prec); if (r) path += r; }
  if (!path) { console.error('empty path for', f.properties[idField]); continue; }
  const main = withArea[0].p;
  const lp = polylabel(main, prec === 1 ? 1 : 0.05);
  const c = [fmt(lp[0], prec), fmt(lp[1], prec)];
  rows.push({ id: f.properties[idField], extra: extraFields.map(k => f.properties[k] ?? ''), c, path, area: total, dropped: withArea.length - kept.length });
}
// Largest first, so that enclaves / small features (VA, SM, LI, MC...) are drawn on top when drawn in file order.
rows.sort((a, b) => b.area - a.area);
fs.writeFileSync(outTsv, rows.map(r => [r.id, ...r.extra, ...r.c, r.path].join('\t')).join('\n') + '\n');
const vb = `${W.minX} ${W.minY} ${W.width} ${W.height}`;
const hue = s => [...s].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 360, 7);
let svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${vb}" width="1200" height="${Math.round(1200 * W.height / W.width)}">\n<rect x="${W.minX}" y="${W.minY}" width="${W.width}" height="${W.height}" fill="#cfe3f3"/>\n`;
for (const r of rows) svg += `<path d="${r.path}" fill="hsl(${hue(r.id)},45%,78%)" stroke="#333" stroke-width="1.5" fill-rule="evenodd"><title>${r.id}</title></path>\n`;
for (const r of rows) svg += `<circle cx="${r.c[0]}" cy="${r.c[1]}" r="6" fill="#c00"/><text x="${+r.c[0] + 9}" y="${+r.c[1] + 9}" font-size="${process.env.LABEL_SIZE || 34}" font-family="sans-serif">${r.id}</text>\n`;
svg += '</svg>\n';
fs.writeFileSync(outSvg, svg);
console.error(`${rows.length} features -> ${outTsv} (${fs.statSync(outTsv).size} bytes); small islands dropped: ${rows.reduce((s, r) => s + r.dropped, 0)}`);
