import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostSample } from '@hostpulse/protocol';
import { makeSample } from '@hostpulse/testkit/samples';
import { decodeBlock, encodeBlock } from './chunk-codec.js';
import { openDatabase } from './database.js';
import { DiskReader } from './disk-reader.js';
import { DiskWrites } from './disk-writes.js';
import type { RawChunk } from './host-history.js';
import { RowBlock } from './row-block.js';
import { DEFAULT_RETENTION, ROLLUP_TIERS } from './tiers.js';

const HOUR = 3_600_000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open() {
  const dir = mkdtempSync(path.join(tmpdir(), 'hostpulse-writes-'));
  dirs.push(dir);
  const db = openDatabase(dir);
  return { db, writes: new DiskWrites(db), reader: new DiskReader(db) };
}

/** A chunk of `n` samples of a host from `startMs`, one a second, with figures that do not compress away. */
function chunk(hostId: string, runId: string, firstSeq: number, startMs: number, n: number): RawChunk {
  const rows = new RowBlock(runId, n);
  for (let i = 0; i < n; i++) {
    const sample: HostSample = { ...makeSample(hostId, runId, firstSeq + i), tsMs: startMs + i * 1000, hubRxMs: startMs + i * 1000 };
    sample.mem.usedBytes = Math.random() * 1e9;
    sample.net = sample.net.map((x) => ({ ...x, rxBytesPerSec: Math.random() * 1e6 }));
    rows.append(sample);
  }
  return { hostId, runId, firstSeq, lastSeq: firstSeq + n - 1, fromMs: startMs, toMs: startMs + (n - 1) * 1000, rows: n, bytes: encodeBlock(rows.toBlock()) };
}

/** The bytes with eight of them flipped, at the first place from the middle where that stops them decoding. */
function damage(bytes: Uint8Array): Buffer {
  for (let at = bytes.length >> 1; at + 8 <= bytes.length; at++) {
    const out = Buffer.from(bytes);
    for (let i = 0; i < 8; i++) out[at + i]! ^= 0x5a;
    try {
      decodeBlock(out);
    } catch {
      return out;
    }
  }
  throw new Error('no damage stops these bytes decoding');
}

describe('DiskWrites', () => {
  it('leaves a damaged roll-up row and a damaged chunk left open as they are, names each, and writes the rest', () => {
    const { db } = open();
    const damaged: string[] = [];
    const writes = new DiskWrites(db, (name) => damaged.push(name));
    const reader = new DiskReader(db, (name) => damaged.push(`read ${name}`));
    const start = 10 * HOUR;
    writes.apply([{ op: 'chunk', chunk: chunk('h', 'r', 1, start, 128), sealed: true }]);
    const minuteRow = () => (db.prepare('SELECT data FROM rollup_1m WHERE host_id = ? AND from_ms = ?').get('h', start) as { data: Buffer }).data;
    const badRow = damage(minuteRow());
    db.prepare('UPDATE rollup_1m SET data = ? WHERE host_id = ? AND from_ms = ?').run(badRow, 'h', start);

    // The next chunk of that hour: its raw rows and 1-hour roll-up are written, the damaged 1-minute row stays as it was.
    expect(writes.apply([{ op: 'chunk', chunk: chunk('h', 'r', 129, start + 128_000, 128), sealed: true }])).toHaveLength(1);
    expect(damaged).toEqual([`rollup_1m host_id=h from_ms=${start}`]);
    expect(minuteRow().equals(badRow)).toBe(true);
    expect(reader.rollups(ROLLUP_TIERS[0]!, 'h', 0, 20 * HOUR)).toEqual([]);
    expect(damaged.splice(1)).toEqual([`read rollup_1m host_id=h from_ms=${start}`]);
    expect(reader.lastSeqs().get('h')?.get('r')).toBe(256);
    const hours = reader.rollups(ROLLUP_TIERS[1]!, 'h', 0, 48 * HOUR);
    expect(hours[0]!.columns.find(([key]) => key.endsWith('|n'))?.[1][0]).toBe(256);

    const leftOpen = chunk('h', 'r', 257, start + 256_000, 10);
    writes.apply([{ op: 'chunk', chunk: { ...leftOpen, bytes: damage(leftOpen.bytes) }, sealed: false }]);
    expect(writes.sealLeftOpen()).toBe(1);
    expect(writes.sealLeftOpen()).toBe(0);
    expect(damaged).toEqual([`rollup_1m host_id=h from_ms=${start}`, 'raw host_id=h run_id=r first_seq=257']);
  });

  it('rolls a sealed chunk up into both tiers, replaces an early-written open chunk, and seals what a crash left open', () => {
    const { writes, reader } = open();
    const start = 10 * HOUR;
    const early = chunk('h', 'r', 1, start, 50);
    writes.apply([{ op: 'chunk', chunk: early, sealed: false }]);
    expect(reader.rollups(ROLLUP_TIERS[0]!, 'h', 0, 20 * HOUR)).toHaveLength(0);
    const sealed = chunk('h', 'r', 1, start, 128);
    expect(writes.apply([{ op: 'chunk', chunk: sealed, sealed: true }])).toEqual([{ hostId: 'h', runId: 'r', firstSeq: 1 }]);
    expect(reader.lastSeqs().get('h')?.get('r')).toBe(128);
    const minutes = reader.rollups(ROLLUP_TIERS[0]!, 'h', 0, 20 * HOUR);
    expect(minutes).toHaveLength(1);
    expect(minutes[0]!.n).toBe(3);
    expect(reader.rollups(ROLLUP_TIERS[1]!, 'h', 0, 48 * HOUR)[0]!.n).toBe(1);

    writes.apply([{ op: 'chunk', chunk: chunk('h', 'r', 129, start + 128_000, 10), sealed: false }]);
    expect(writes.sealLeftOpen()).toBe(1);
    expect(writes.sealLeftOpen()).toBe(0);
    expect(reader.lastSeqs().get('h')?.get('r')).toBe(138);
  });

  it('reads back the raw chunks of the memory window as written, holding only their own bytes', () => {
    const { writes, reader } = open();
    const written = chunk('h', 'r', 1, 10 * HOUR, 128);
    writes.apply([{ op: 'chunk', chunk: written, sealed: true }]);
    const [read] = reader.rawSince(0);
    expect(read).toEqual({ ...written, bytes: new Uint8Array(written.bytes) });
    expect(Object.keys(read!).sort()).toEqual(Object.keys(written).sort());
  });

  it('purges each tier by its own retention', () => {
    const { writes, reader } = open();
    const now = 1000 * HOUR;
    writes.apply([
      { op: 'chunk', chunk: chunk('h', 'r', 1, now - 3 * 24 * HOUR, 60), sealed: true },
      { op: 'chunk', chunk: chunk('h', 'r', 61, now - 60_000, 60), sealed: true },
    ]);
    writes.purge(now, DEFAULT_RETENTION);
    expect(reader.rawBetween('h', 0, now, now).map((rows) => rows.seq(0))).toEqual([61]);
    expect(reader.rollups(ROLLUP_TIERS[0]!, 'h', 0, now)).toHaveLength(2);
    writes.purge(now + 91 * 24 * HOUR, DEFAULT_RETENTION);
    expect(reader.rollups(ROLLUP_TIERS[0]!, 'h', 0, now)).toHaveLength(0);
    expect(reader.rollups(ROLLUP_TIERS[1]!, 'h', 0, now)).toHaveLength(2);
  });

  it('keeps the database under --max-disk by dropping the oldest raw chunks first', () => {
    const { writes, reader } = open();
    const ops = Array.from({ length: 60 }, (_, i) => ({ op: 'chunk' as const, chunk: chunk(`h${i % 3}`, 'r', Math.floor(i / 3) * 128 + 1, i * 200_000, 128), sealed: true }));
    writes.apply(ops);
    // A cap that half the raw chunks must go to meet.
    const figures = writes.figures();
    const cap = figures.fileBytes - Math.floor(figures.tiers.find((t) => t.tier === 'raw')!.bytes / 2);
    expect(writes.cap(cap)).toBeGreaterThan(0);
    expect(writes.fileBytes()).toBeLessThanOrEqual(cap);
    // What is left is the newest raw data, and every roll-up.
    const kept = ['h0', 'h1', 'h2'].flatMap((h) => reader.rawBetween(h, 0, 1e12, 1e12).map((rows) => rows.tsMs(0)));
    expect(Math.min(...kept)).toBeGreaterThan(0);
    expect(Math.max(...kept)).toBe(59 * 200_000);
    expect(reader.rollups(ROLLUP_TIERS[1]!, 'h0', 0, 1e12).length).toBeGreaterThan(0);
  });

  it('keeps state entries by key, read back by prefix', () => {
    const { writes, reader } = open();
    writes.apply([
      { op: 'putState', key: 'alert/cpu/h1', value: '{"state":"firing"}' },
      { op: 'putState', key: 'alert/cpu/h2', value: '{"state":"ok"}' },
      { op: 'putState', key: 'token/h3', value: '"digest"' },
      { op: 'putState', key: 'alert/cpu/h2', value: '{"state":"pending"}' },
      { op: 'deleteState', key: 'alert/cpu/h1' },
    ]);
    expect(reader.state('alert/')).toEqual([['alert/cpu/h2', '{"state":"pending"}']]);
    expect(reader.state('')).toHaveLength(2);
  });

  it('applies a batch all or nothing', () => {
    const { db, writes, reader } = open();
    const bad = { ...chunk('h', 'r', 1, 0, 5), bytes: new Uint8Array([1, 2, 3]) };
    expect(() => writes.apply([{ op: 'chunk', chunk: chunk('h', 'r', 100, 0, 5), sealed: true }, { op: 'chunk', chunk: bad, sealed: true }])).toThrow();
    expect(reader.lastSeqs().size).toBe(0);
    db.close();
  });
});

describe('alert events on disk', () => {
  const put = (id: number, tsMs: number, hostId: string) => ({ op: 'alertEvent' as const, id, tsMs, hostId, event: JSON.stringify({ id, tsMs, hostId }) });

  it('pages them newest first, per host or all, below an id', () => {
    const { writes, reader } = open();
    writes.apply([put(1, 1000, 'web-1'), put(2, 2000, 'db-1'), put(3, 3000, 'web-1'), put(4, 4000, 'web-1')]);
    const ids = (events: string[]) => events.map((e) => (JSON.parse(e) as { id: number }).id);
    expect(ids(reader.alertEvents(undefined, Number.MAX_SAFE_INTEGER, 10))).toEqual([4, 3, 2, 1]);
    expect(ids(reader.alertEvents('web-1', 4, 10))).toEqual([3, 1]);
    expect(ids(reader.alertEvents(undefined, 4, 2))).toEqual([3, 2]);
    expect(reader.lastAlertEventId()).toBe(4);
  });

  it('prunes those older than the retention as the clock moves on, at most the given number a turn', () => {
    const { writes, reader } = open();
    writes.apply(Array.from({ length: 5 }, (_, i) => put(i + 1, i * HOUR, 'web-1')));
    const retentionMs = 2 * HOUR;
    let nowMs = 3 * HOUR;
    expect(writes.purgeAlertEvents(nowMs - retentionMs, 1000)).toBe(1);
    nowMs = 5 * HOUR;
    expect(writes.purgeAlertEvents(nowMs - retentionMs, 1)).toBe(1);
    expect(writes.purgeAlertEvents(nowMs - retentionMs, 1)).toBe(1);
    expect(writes.purgeAlertEvents(nowMs - retentionMs, 1)).toBe(0);
    expect(reader.alertEvents(undefined, Number.MAX_SAFE_INTEGER, 10).map((e) => (JSON.parse(e) as { tsMs: number }).tsMs)).toEqual([4 * HOUR, 3 * HOUR]);
  });
});
