// Final map window in projected km (y down). The clip uses a small margin so clip edges fall outside the viewBox.
module.exports = { minX: -2900, minY: -2400, width: 6000, height: 4700, clipMargin: 30 };
