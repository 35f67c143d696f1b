import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProcFiles, StatFiles } from './proc-files.js';

let root: string;
const write = (pid: number, text: string) => {
  mkdirSync(join(root, String(pid)), { recursive: true });
  writeFileSync(join(root, String(pid), 'stat'), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hostpulse-files-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('StatFiles', () => {
  it('holds each file open across passes, reads fresh bytes, and closes those of processes not read in a pass', () => {
    const files = new StatFiles(root);
    write(1, 'one');
    write(2, 'two');
    files.begin();
    expect(files.read(1)).toBe(3);
    expect(files.buffer.toString('latin1', 0, 3)).toBe('one');
    expect(files.read(2)).toBe(3);
    files.end();
    expect(files.heldCount).toBe(2);
    write(1, 'uno!');
    files.begin();
    expect(files.read(1)).toBe(4);
    expect(files.buffer.toString('latin1', 0, 4)).toBe('uno!');
    files.end();
    expect(files.heldCount).toBe(1);
    files.close();
    expect(files.heldCount).toBe(0);
  });

  it('answers null for a process with no stat, and opens afresh a file that reads empty', () => {
    const files = new StatFiles(root);
    files.begin();
    expect(files.read(9)).toBeNull();
    write(3, 'x');
    expect(files.read(3)).toBe(1);
    write(3, '');
    expect(files.read(3)).toBe(0);
    expect(files.heldCount).toBe(0);
    files.close();
  });

  it('holds no more than its limit, and still reads the rest', () => {
    const files = new StatFiles(root, 2);
    for (const pid of [1, 2, 3]) write(pid, `p${pid}`);
    files.begin();
    for (const pid of [1, 2, 3]) expect(files.read(pid)).toBe(2);
    expect(files.heldCount).toBe(2);
    files.close();
  });
});

describe('ProcFiles', () => {
  it('reads a whole file however long, a file’s first bytes up to a limit, and null for a missing one', () => {
    const long = 'x'.repeat(20_000) + 'end';
    write(4, long);
    const files = new ProcFiles();
    expect(files.text(join(root, '4/stat'))).toBe(long);
    expect(files.bytes(join(root, '4/stat'), 5)!.toString()).toBe('xxxxx');
    expect(files.text(join(root, '5/stat'))).toBeNull();
    expect(files.bytes(join(root, '5/stat'), 5)).toBeNull();
  });

  it('throws the file system error from read, naming the file', () => {
    expect(() => new ProcFiles().read(join(root, 'missing'))).toThrow(/ENOENT.*missing/);
  });
});
