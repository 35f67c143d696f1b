import { fullestFsUsedPct } from '@hostpulse/protocol';
import { RingBuffer } from './ring-buffer.js';
/** How many recent CPU totals a host keeps for overview sparklines. */
export const CPU_RECENT_COUNT = 60;
// Rounded to 0.01 so 100 - 95.43 reads 4.57, not 4.569999999999993.
const clampPct = (value) => Math.round(Math.min(100, Math.max(0, value)) * 100) / 100;
/** CPU in use, percent: everything but idle. */
export function cpuUsedPct(sample) {
    return clampPct(100 - sample.cpu.total.idlePct);
}
/** Newest sample of the host's current run, or undefined when the run has none yet. */
export function latestOfRun(host) {
    return host.latest?.runId === host.runId ? host.latest : undefined;
}
/** The saved part of a host record, as JSON. */
export function savedHostJson(host) {
    const saved = {
        inventory: host.inventory,
        intervalMs: host.intervalMs,
        firstSeenMs: host.firstSeenMs,
        lastSeenMs: host.lastSeenMs,
        runId: host.runId,
        fs: host.fs,
        temps: host.temps,
    };
    return JSON.stringify(saved);
}
/** The headline figures of one sample and the latest filesystems; loopback traffic is left out of the network totals. */
function summaryMetrics(sample, fs) {
    let netRx = 0;
    let netTx = 0;
    for (const iface of sample.net) {
        if (iface.name === 'lo')
            continue;
        netRx += iface.rxBytesPerSec;
        netTx += iface.txBytesPerSec;
    }
    let diskRead = 0;
    let diskWrite = 0;
    for (const dev of sample.disk) {
        diskRead += dev.readBytesPerSec;
        diskWrite += dev.writeBytesPerSec;
    }
    const pctOf = (part, whole) => (whole > 0 ? clampPct((part / whole) * 100) : 0);
    const fullest = fullestFsUsedPct(fs);
    return {
        tsMs: sample.tsMs,
        hubRxMs: sample.hubRxMs,
        cpuPct: cpuUsedPct(sample),
        memUsedPct: pctOf(sample.mem.usedBytes, sample.mem.totalBytes),
        swapUsedPct: pctOf(sample.swap.usedBytes, sample.swap.totalBytes),
        load1: sample.load.one,
        netRxBytesPerSec: netRx,
        netTxBytesPerSec: netTx,
        diskReadBytesPerSec: diskRead,
        diskWriteBytesPerSec: diskWrite,
        uptimeSec: sample.uptimeSec,
        ...(fullest === undefined ? {} : { fullestFsUsedPct: fullest }),
    };
}
/** The overview line of a host; `withRecent` adds the CPU sparkline (full frames only). */
export function hostSummary(host, withRecent) {
    const latest = latestOfRun(host);
    const summary = {
        hostId: host.hostId,
        hostname: host.inventory.hostname,
        tags: host.inventory.tags ?? {},
        online: host.online,
        lastSeenMs: host.lastSeenMs,
        runId: host.runId,
        lastSeq: latest?.seq ?? 0,
        metrics: latest ? summaryMetrics(latest, host.fs) : null,
    };
    if (withRecent)
        summary.cpuPctRecent = host.cpuPctRecent.toArray();
    return summary;
}
/** What the API and snapshots say about a host. */
export function hostInfo(host) {
    return {
        hostId: host.hostId,
        online: host.online,
        connected: host.connected,
        firstSeenMs: host.firstSeenMs,
        lastSeenMs: host.lastSeenMs,
        runId: host.runId,
        lastSeq: latestOfRun(host)?.seq ?? 0,
        intervalMs: host.intervalMs,
        inventory: host.inventory,
        fs: host.fs,
        temps: host.temps,
    };
}
//# sourceMappingURL=host-record.js.map