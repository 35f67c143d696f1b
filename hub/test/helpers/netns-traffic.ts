import { execFileSync, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import net from 'node:net';

/** Steady traffic into this namespace over a veth pair whose far end sits in a namespace the test made. */
export interface NetnsTraffic {
  /** The veth end in this namespace: the interface an agent here sees receiving. */
  interfaceName: string;
  /** The namespace the test made, where the sender runs (`ip netns exec <namespace> ...`). */
  namespace: string;
  /** This end's address, reachable from the namespace. */
  hereAddress: string;
  /** The veth end in the namespace: the interface the sender's bytes leave by. */
  thereInterfaceName: string;
  /** With `bridge`, the bridge in the namespace that holds the far veth end and its address. */
  bridgeName: string | undefined;
  /** Bytes the sink here has received so far. */
  receivedBytes(): number;
  /** Stops the sender, closes the sink and deletes the namespace (which removes the veth pair). */
  stop(): Promise<void>;
}

const ip = (...args: string[]): void => {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
};

// Runs inside the namespace: writes CHUNK bytes every TICK_MS to HOST:PORT for at most SECONDS.
const SENDER = `
const [host, port, chunk, tickMs, seconds] = process.argv.slice(1);
const socket = require('node:net').connect(Number(port), host);
const data = Buffer.alloc(Number(chunk), 120);
socket.on('connect', () => {
  const timer = setInterval(() => socket.write(data), Number(tickMs));
  setTimeout(() => { clearInterval(timer); socket.end(); }, Number(seconds) * 1000);
});
socket.on('error', () => process.exit(1));
`;

/**
 * Makes a network namespace and a veth pair (one end here, one there, a random
 * /30 of 10.213.0.0/16 between them), listens on this end, and starts a Node
 * process inside the namespace sending `bytesPerSec` to it in 20 chunks a second,
 * for at most `seconds`. With `bridge`, the far end is a port of a bridge in the
 * namespace that holds the address, so the sender's bytes leave by the bridge and
 * then the veth. Needs root (CAP_NET_ADMIN) and iproute2.
 */
export async function startNetnsTraffic({ bytesPerSec, seconds, bridge = false }: { bytesPerSec: number; seconds: number; bridge?: boolean }): Promise<NetnsTraffic> {
  const tag = `${process.pid % 10_000}${randomInt(100, 999)}`;
  const namespace = `hostpulse-test-${tag}`;
  const here = `hpv${tag}a`;
  const there = `hpv${tag}b`;
  const bridgeName = bridge ? `hpb${tag}` : undefined;
  const base = randomInt(0, 16_384) * 4;
  const hereIp = `10.213.${base >> 8}.${(base & 255) + 1}`;
  const thereIp = `10.213.${base >> 8}.${(base & 255) + 2}`;
  ip('netns', 'add', namespace);
  try {
    ip('link', 'add', here, 'type', 'veth', 'peer', 'name', there);
    ip('link', 'set', there, 'netns', namespace);
    ip('addr', 'add', `${hereIp}/30`, 'dev', here);
    ip('link', 'set', here, 'up');
    const inside = (...args: string[]) => ip('netns', 'exec', namespace, 'ip', ...args);
    if (bridgeName) {
      inside('link', 'add', bridgeName, 'type', 'bridge');
      inside('link', 'set', there, 'master', bridgeName);
      inside('link', 'set', bridgeName, 'up');
    }
    inside('addr', 'add', `${thereIp}/30`, 'dev', bridgeName ?? there);
    inside('link', 'set', there, 'up');
  } catch (err) {
    ip('netns', 'del', namespace);
    throw err;
  }
  let received = 0;
  const connections = new Set<net.Socket>();
  const sink = net.createServer((socket) => {
    connections.add(socket);
    socket.on('data', (d: Buffer) => (received += d.length));
    socket.on('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve) => sink.listen(0, hereIp, resolve));
  const port = (sink.address() as net.AddressInfo).port;
  const chunk = Math.round(bytesPerSec / 20);
  const sender = spawn('ip', ['netns', 'exec', namespace, process.execPath, '-e', SENDER, hereIp, String(port), String(chunk), '50', String(seconds)], { stdio: 'ignore' });
  const senderExited = new Promise<void>((resolve) => sender.on('exit', () => resolve()));
  return {
    interfaceName: here,
    namespace,
    hereAddress: hereIp,
    thereInterfaceName: there,
    bridgeName,
    receivedBytes: () => received,
    async stop() {
      if (sender.exitCode === null && sender.signalCode === null) sender.kill('SIGTERM');
      await senderExited;
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => sink.close(() => resolve()));
      ip('netns', 'del', namespace);
    },
  };
}
