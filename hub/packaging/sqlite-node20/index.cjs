'use strict';
// better-sqlite3 12, under an alias so that it never stands in for the hub's own better-sqlite3 13.
module.exports = require('better-sqlite3-12');
