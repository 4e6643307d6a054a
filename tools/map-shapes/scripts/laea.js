// Spherical Lambert azimuthal equal-area, centre 52N 10E, R = 6371.0 km, y DOWN (SVG).
const R = 6371.0, P0 = 52 * Math.PI / 180, L0 = 10 * Math.PI / 180;
const sP0 = Math.sin(P0), cP0 = Math.cos(P0);
function project(lon, lat) {
  const p = lat * Math.PI / 180, d = lon * Math.PI / 180 - L0;
  const den = 1 + sP0 * Math.sin(p) + cP0 * Math.cos(p) * Math.cos(d);
  if (den < 1e-6) return null; // antipode of the centre: undefined
  const k = Math.sqrt(2 / den);
  return [R * k * Math.cos(p) * Math.sin(d),
          -R * k * (cP0 * Math.sin(p) - sP0 * Math.cos(p) * Math.cos(d))];
}
module.exports = { project, R };
