#!/usr/bin/env node
// `npm install` runs this first (preinstall). The agent runs on Node 20, 22 and 24; the hub, and
// so `npm start` and `npm test`, needs Node 20. Any other Node gets a plain message here rather
// than a stack trace later. Plain JavaScript with no imports: nothing is installed yet.
const version = process.versions.node;
const major = Number(version.split('.')[0]);

if (major < 20) {
  process.stderr.write(`hostpulse: this is Node.js v${version}; hostpulse needs Node.js 20 or newer (the agent runs on 20, 22 and 24, the hub on 20).\n`);
  process.exit(1);
}
if (major !== 20) {
  process.stderr.write(
    `\nhostpulse: this is Node.js v${version}. The agent runs on it (node agent/dist/main.js --hub ...),\n` +
      `but the hub needs Node.js 20: its uWebSockets.js build ships native binaries for Node 16, 18 and 20 only,\n` +
      `and the builds for newer Node need glibc 2.38 (Debian 12 has 2.36). \`npm start\` and \`npm test\` start a hub:\n` +
      `install and run them on Node 20 (native modules are built for the Node that installs them), for example:\n` +
      `  npx -p node@20 -- npm install && npx -p node@20 -- npm start\n\n`,
  );
}
