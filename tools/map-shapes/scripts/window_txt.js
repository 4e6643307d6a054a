const W = require('./window'); console.log(`${W.minX} ${W.minY} ${W.width} ${W.height}`);
