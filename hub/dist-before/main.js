#!/usr/bin/env node
import { runMain } from '@hostpulse/common';
import { readHubCommand } from './config.js';
import { nativeChoice } from './native/index.js';
await runMain('hostpulse-hub', async () => {
    const command = readHubCommand(process.argv.slice(2), process.env);
    if (command.action === 'printTokens') {
        const { HubTokens } = await import('./auth/hub-tokens.js');
        process.stdout.write(HubTokens.read(command.config).describe());
        return;
    }
    if (command.action !== 'run') {
        process.stdout.write(command.text);
        return;
    }
    // Chosen before anything native loads: on a Node or C library no build fits, one line says what to do.
    nativeChoice();
    // Signals are taken from here on: a SIGTERM that lands while the hub starts (its
    // "listening" line is already out) still gets a clean stop, not Node's default exit.
    const stopSignal = new Promise((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
    });
    let reloadAlerts = () => undefined;
    process.on('SIGHUP', () => reloadAlerts());
    const { startHub } = await import('./server.js');
    const hub = await startHub(command.config);
    reloadAlerts = () => hub.reloadAlerts();
    // On stdout, not in the log, and only when they were made: later starts log where they are kept.
    if (hub.tokens.made.length > 0)
        process.stdout.write(hub.tokens.notice());
    const signal = await stopSignal;
    await hub.close(signal);
    // uWS keeps idle HTTP keep-alive connections open for a while after the listen
    // socket closes; every WebSocket is closed and every response in flight written
    // by now, so exit at once. Log lines to a pipe or file are written synchronously,
    // so none is lost.
    process.exit(0);
});
//# sourceMappingURL=main.js.map