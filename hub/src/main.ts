#!/usr/bin/env node
import { runMain } from '@hostpulse/common';
import { readHubCommand } from './config.js';
import { startHub } from './hub.js';

await runMain('hostpulse-hub', async () => {
  const command = readHubCommand(process.argv.slice(2), process.env);
  if (command.action !== 'run') {
    process.stdout.write(command.text);
    return;
  }
  const hub = await startHub(command.config);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  hub.close();
  // uWS keeps idle HTTP keep-alive connections open for a while after the listen
  // socket closes; every socket that matters is closed, so exit now. stderr is a
  // pipe or file here, written synchronously, so no log line is lost.
  process.stderr.write(`hostpulse-hub: ${signal}, exiting\n`);
  process.exit(0);
});
