// Natural Earth 1:10m (world-atlas) -> projected GeoJSON with ISO 3166-1 alpha-2 codes.
const fs = require('fs');
const topojson = require('topojson-client');
const iso = require('i18n-iso-countries');
const { project } = require('./laea');
const W = require('./window');
const topo = require('world-atlas/countries-10m.json');
// Natural Earth features without an ISO numeric id (world-atlas id undefined) that fall in/near the window
const NAME_FIX = {
  'Kosovo': 'XK',
  'N. Cyprus': 'CY', 'Cyprus U.N. Buffer Zone': 'CY', 'Akrotiri': 'CY', 'Dhekelia': 'CY', // de jure / visual: part of Cyprus island
  'Baikonur': 'KZ',
};
const fc = topojson.feature(topo, topo.objects.countries);
const out = [];
const skipped = [];
for (const f of fc.features) {
  const name = f.properties.name;
  let a2 = NAME_FIX[name] || (f.id ? iso.numericToAlpha2(f.id) : undefined);
  if (!a2) { skipped.push(name); continue; }
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const np = [];
  let hit = false;
  for (const poly of polys) {
    const rings = [];
    let ok = true;
    for (const ring of poly) {
      const r = [];
      for (const [lon, lat] of ring) {
        const p = project(lon, lat);
        if (!p) { ok = false; break; }
        r.push(p);
        if (p[0] > W.minX - 200 && p[0] < W.minX + W.width + 200 && p[1] > W.minY - 200 && p[1] < W.minY + W.height + 200) hit = true;
      }
      if (!ok) break;
      rings.push(r);
    }
    np.push(ok ? rings : null); // keep index aligned with the lon/lat polygons
  }
  if (!hit || !np.some(Boolean)) continue;
  if (a2 === 'RU') {
    // world-atlas (Natural Earth 4.1 default view) draws Crimea as part of Russia. Give it to Ukraine
    // (internationally recognised border; as in GISCO/Eurostat maps). Crimea = RU polygon with lon/lat bbox inside 32..37E, 44..46.5N.
    const inCrimea = (poly) => poly[0].every(([lon, lat]) => lon > 32 && lon < 37 && lat > 44 && lat < 46.5);
    const polysLL = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const crimea = [], rest = [];
    polysLL.forEach((pl, i) => (inCrimea(pl) ? crimea : rest).push(np[i]));
    if (crimea.length) out.push({ type: 'Feature', properties: { iso2: 'UA', ne_name: 'Crimea' }, geometry: { type: 'MultiPolygon', coordinates: crimea.filter(Boolean) } });
    np.length = 0; np.push(...rest);
    console.error(`Crimea: moved ${crimea.length} polygon(s) from RU to UA`);
  }
  out.push({ type: 'Feature', properties: { iso2: a2, ne_name: name }, geometry: { type: 'MultiPolygon', coordinates: np.filter(Boolean) } });
}
fs.writeFileSync(process.argv[2], JSON.stringify({ type: 'FeatureCollection', features: out }));
console.error(`features near window: ${out.length}; unmapped NE features skipped: ${skipped.join(', ')}`);
