import net from 'node:net';

/**
 * A port nothing listens on right now. A hub that must come back on the same port
 * needs one: uSockets sets SO_REUSEADDR only for an explicit port, so a hub started
 * on port 0 could not listen on its port again while old connections sit in TIME_WAIT.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
