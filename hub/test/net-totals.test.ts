import { readdirSync, realpathSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSample, OverviewResponse, SummaryMetrics } from '@hostpulse/protocol';
import { AGENT_MAIN, startAgentProcess } from '@hostpulse/testkit/agent-process';
import type { Child } from '@hostpulse/testkit/child';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { getJson, hostSamples } from '@hostpulse/testkit/hub-reads';
import { TcpRelay } from '@hostpulse/testkit/tcp-relay';
import { waitFor } from '@hostpulse/testkit/waits';
import { startNetnsTraffic, type NetnsTraffic } from './helpers/netns-traffic.js';

// Real agents in a network namespace the test made, holding a bridge and a veth
// pair's end: 1 MB/s leaves by the bridge and then the veth, the double count a
// total over every interface makes. A real agent outside the namespace sees the
// same bytes arrive on the other veth end, beside this machine's physical NICs.
const HOST = `totals-${process.pid}`;
const BUSY_BYTES_PER_SEC = 300_000;

let traffic: NetnsTraffic;
let hub: HubProcess;
let relay: TcpRelay;
const agents: Child[] = [];

/** Interfaces of this namespace that sysfs places on a bus (PCI, USB, ...), not under devices/virtual. */
function physicalInterfaces(): Set<string> {
  return new Set(readdirSync('/sys/class/net').filter((name) => !realpathSync(`/sys/class/net/${name}`).startsWith('/sys/devices/virtual/')));
}

/** Whole block devices that sysfs places on a bus and that are stacked on no other device. */
function physicalDisks(): Set<string> {
  const stacked = (name: string) => readdirSync(`/sys/block/${name}/slaves`).length > 0;
  return new Set(readdirSync('/sys/block').filter((name) => !realpathSync(`/sys/block/${name}`).startsWith('/sys/devices/virtual/') && !stacked(name)));
}

/** Starts a real agent inside the test's namespace, reaching the hub through a relay on the link's address. */
function startAgentInNamespace(hostId: string, args: string[]): Child {
  const url = `ws://${traffic.hereAddress}:${relay.port}`;
  return startAgentProcess(url, ['--interval', '1000', '--host-id', hostId, ...args], { command: ['ip', 'netns', 'exec', traffic.namespace, process.execPath, AGENT_MAIN] });
}

/**
 * The overview's totals of a host and the sample they were taken from, once a
 * sample shows `busy` carrying the test's traffic (`direction` bytes per second).
 */
async function totalsWhileBusy(hostId: string, busy: string, direction: 'rx' | 'tx'): Promise<{ totals: SummaryMetrics; sample: HostSample }> {
  const field = direction === 'rx' ? 'rxBytesPerSec' : 'txBytesPerSec';
  return waitFor(
    async () => {
      const overview = await getJson<OverviewResponse>(hub.url, '/api/overview');
      const totals = overview.hosts.find((h) => h.hostId === hostId)?.metrics;
      const sample = totals && (await hostSamples(hub.url, hostId))?.samples.find((s) => s.tsMs === totals.tsMs);
      return totals && sample ? { totals, sample } : undefined;
    },
    (found) => (found?.sample.net.find((n) => n.name === busy)?.[field] ?? 0) > BUSY_BYTES_PER_SEC,
    { timeout: 30_000, interval: 500, message: `${hostId}: a sample with ${busy} ${direction} over ${BUSY_BYTES_PER_SEC} B/s` },
  ) as Promise<{ totals: SummaryMetrics; sample: HostSample }>;
}

/** Sum of a field over the sample's interfaces that `counts` picks. */
function sumOf(sample: HostSample, field: 'rxBytesPerSec' | 'txBytesPerSec', counts: (name: string) => boolean): number {
  return sample.net.filter((n) => counts(n.name)).reduce((sum, n) => sum + n[field], 0);
}

beforeAll(async () => {
  traffic = await startNetnsTraffic({ bytesPerSec: 1_000_000, seconds: 120, bridge: true });
  hub = await startHubProcess();
  relay = await TcpRelay.start(hub.port, traffic.hereAddress);
}, 30_000);
afterAll(async () => {
  for (const agent of agents) await agent.stop();
  await relay?.close();
  await hub?.stop();
  await traffic?.stop();
});

describe('network totals count physical interfaces', () => {
  it('leave out a bridge and a veth pair by default, while each keeps its own series', { timeout: 60_000 }, async () => {
    const bridge = traffic.bridgeName!;
    const veth = traffic.thereInterfaceName;
    agents.push(startAgentInNamespace(`${HOST}-ns`, []));
    const { totals, sample } = await totalsWhileBusy(`${HOST}-ns`, veth, 'tx');
    console.info(JSON.stringify({ totals: { rx: totals.netRxBytesPerSec, tx: totals.netTxBytesPerSec }, net: sample.net }));
    expect(sample.net.find((n) => n.name === bridge)!.txBytesPerSec).toBeGreaterThan(BUSY_BYTES_PER_SEC);
    // Nothing in the namespace sits on a bus: every byte there went through virtual devices only.
    expect({ rx: totals.netRxBytesPerSec, tx: totals.netTxBytesPerSec }).toEqual({ rx: 0, tx: 0 });
  });

  it("count this machine's physical NICs and disks, and not a veth end receiving 1 MB/s", { timeout: 60_000 }, async () => {
    const physical = physicalInterfaces();
    const disks = physicalDisks();
    agents.push(startAgentProcess(hub.url, ['--interval', '1000', '--host-id', `${HOST}-root`]));
    const { totals, sample } = await totalsWhileBusy(`${HOST}-root`, traffic.interfaceName, 'rx');
    console.info(JSON.stringify({ physical: [...physical], totals: { rx: totals.netRxBytesPerSec, tx: totals.netTxBytesPerSec }, net: sample.net }));
    expect(totals.netRxBytesPerSec).toBeCloseTo(sumOf(sample, 'rxBytesPerSec', (name) => physical.has(name)), 1);
    expect(totals.netTxBytesPerSec).toBeCloseTo(sumOf(sample, 'txBytesPerSec', (name) => physical.has(name)), 1);
    const diskSum = (field: 'readBytesPerSec' | 'writeBytesPerSec') => sample.disk.filter((d) => disks.has(d.name)).reduce((sum, d) => sum + d[field], 0);
    console.info(JSON.stringify({ physicalDisks: [...disks], disk: sample.disk }));
    expect(totals.diskReadBytesPerSec).toBeCloseTo(diskSum('readBytesPerSec'), 1);
    expect(totals.diskWriteBytesPerSec).toBeCloseTo(diskSum('writeBytesPerSec'), 1);
  });

  it('follow --net-include and --net-exclude', { timeout: 60_000 }, async () => {
    const bridge = traffic.bridgeName!;
    const veth = traffic.thereInterfaceName;
    agents.push(startAgentInNamespace(`${HOST}-bridge`, ['--net-include', bridge]));
    agents.push(startAgentInNamespace(`${HOST}-veth`, ['--net-include', '.*', '--net-exclude', 'hpb.*']));
    const onlyBridge = await totalsWhileBusy(`${HOST}-bridge`, veth, 'tx');
    expect(onlyBridge.totals.netTxBytesPerSec).toBeCloseTo(sumOf(onlyBridge.sample, 'txBytesPerSec', (name) => name === bridge), 1);
    expect(onlyBridge.totals.netRxBytesPerSec).toBeCloseTo(sumOf(onlyBridge.sample, 'rxBytesPerSec', (name) => name === bridge), 1);
    const onlyVeth = await totalsWhileBusy(`${HOST}-veth`, veth, 'tx');
    expect(onlyVeth.totals.netTxBytesPerSec).toBeCloseTo(sumOf(onlyVeth.sample, 'txBytesPerSec', (name) => name === veth), 1);
    expect(onlyVeth.totals.netRxBytesPerSec).toBeCloseTo(sumOf(onlyVeth.sample, 'rxBytesPerSec', (name) => name === veth), 1);
    expect(onlyVeth.totals.netTxBytesPerSec).toBeGreaterThan(BUSY_BYTES_PER_SEC);
  });
});
