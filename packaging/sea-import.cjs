// Imports an ES module by its path, for sea-main.cjs: Node does not support import() of
// a file from a single executable's main script, and does from a file it required.
'use strict';
const { pathToFileURL } = require('node:url');

module.exports = (path) => import(pathToFileURL(path).href);
