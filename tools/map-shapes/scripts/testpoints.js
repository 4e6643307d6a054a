// Prints projection test points (JS implementation; scripts/proj.py gives the same numbers).
const { project } = require('./laea');
const pts = [['centre', 52, 10], ['Paris', 48.8566, 2.3522], ['Helsinki', 60.1699, 24.9384], ['Lisbon', 38.7223, -9.1393], ['Nicosia', 35.1856, 33.3823]];
for (const [n, lat, lon] of pts) { const [x, y] = project(lon, lat); console.log(`${n}\t${lat}\t${lon}\t${x.toFixed(3)}\t${y.toFixed(3)}`); }
