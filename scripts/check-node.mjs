#!/usr/bin/env node
// `npm install` runs this first (preinstall). Plain JavaScript with no imports: nothing is
// installed yet. Below Node 20 nothing works; elsewhere the agent runs, and this says up front
// when the hub (`npm start`, `npm test`) will not, for the reason the hub itself gives at start
// (hub/src/native/runtime.ts): its uWebSockets.js builds cover Node 20 to 25, and those for
// Node 22 and later need glibc 2.38.
const version = process.versions.node;
const major = Number(version.split('.')[0]);
const abi = Number(process.versions.modules);
const glibc = process.platform === 'linux' ? process.report.getReport().header.glibcVersionRuntime : undefined;
const oldGlibc = glibc !== undefined && Number(glibc.split('.')[1]) < 38 && Number(glibc.split('.')[0]) === 2;

if (major < 20) {
  process.stderr.write(`hostpulse: this is Node.js v${version}; hostpulse needs Node.js 20 or newer (the hub runs on 20, 22 and 24).\n`);
  process.exit(1);
}
if (abi > 141) {
  process.stderr.write(`\nhostpulse: this is Node.js v${version}. The agent runs on it, but no uWebSockets.js build exists for it yet,\nso the hub (\`npm start\`, \`npm test\`) will refuse to start: install with Node 24, 22 or 20 instead.\n\n`);
} else if (major > 20 && oldGlibc) {
  process.stderr.write(
    `\nhostpulse: this is Node.js v${version} on glibc ${glibc}. The agent runs on it, but the hub's uWebSockets.js builds for\n` +
      `Node 22 and later need glibc 2.38 or newer (Debian 13, Ubuntu 24.04), so \`npm start\` and \`npm test\` will refuse to start\n` +
      `here: install and run them on Node 20 (see docs/install.md), for example\n  npx -p node@20 -- npm install && npx -p node@20 -- npm start\n\n`,
  );
}
