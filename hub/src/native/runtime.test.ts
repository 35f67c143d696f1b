import { describe, expect, it } from 'vitest';
import { chooseNative, currentRuntime, type Runtime } from './runtime.js';

const linux = (node: string, abi: number, glibc: string | null): Runtime => ({ node, abi, platform: 'linux', arch: 'x64', glibc });

describe('chooseNative', () => {
  it('takes uWS v20.57 wherever its binaries load, and better-sqlite3 13 from Node 22 on', () => {
    expect(chooseNative(linux('v20.20.2', 115, '2.41'))).toEqual({ uws: 'uWebSockets.js', sqlite: '@hostpulse/sqlite-node20' });
    expect(chooseNative(linux('v22.23.5', 127, '2.38'))).toEqual({ uws: 'uWebSockets.js', sqlite: 'better-sqlite3' });
    expect(chooseNative(linux('v24.22.3', 137, '2.41'))).toEqual({ uws: 'uWebSockets.js', sqlite: 'better-sqlite3' });
    expect(chooseNative(linux('v25.9.0', 141, '3.0'))).toEqual({ uws: 'uWebSockets.js', sqlite: 'better-sqlite3' });
    expect(chooseNative({ node: 'v24.22.3', abi: 137, platform: 'darwin', arch: 'arm64', glibc: null }).uws).toBe('uWebSockets.js');
  });

  it('falls back to uWS v20.30 for Node 20 on a glibc older than 2.38', () => {
    expect(chooseNative(linux('v20.20.2', 115, '2.36'))).toEqual({ uws: 'uWebSockets.js-v20.30', sqlite: '@hostpulse/sqlite-node20' });
    expect(chooseNative(linux('v20.20.2', 115, '2.28'))).toEqual({ uws: 'uWebSockets.js-v20.30', sqlite: '@hostpulse/sqlite-node20' });
  });

  it('refuses Node 22 and 24 on an older glibc with one line naming Node, ABI, glibc and the way out', () => {
    expect(() => chooseNative(linux('v24.22.3', 137, '2.36'))).toThrow(
      'this is Node v24.22.3 (ABI 137) on linux-x64 with glibc 2.36: the uWebSockets.js builds for Node 22 and later need glibc 2.38 or newer (Debian 13, Ubuntu 24.04); run the hub on Node 20 here, or on a host with glibc 2.38 or newer',
    );
    expect(() => chooseNative(linux('v22.23.5', 127, '2.37'))).toThrow(/^this is Node v22\.23\.5 \(ABI 127\) on linux-x64 with glibc 2\.37: .*glibc 2\.38/);
  });

  it('refuses a Node newer than any build by name, on any glibc', () => {
    expect(() => chooseNative(linux('v26.12.1', 147, '2.41'))).toThrow(
      'this is Node v26.12.1 (ABI 147) on linux-x64 with glibc 2.41: no uWebSockets.js build exists for this Node yet; run the hub on Node 24, 22 or 20',
    );
  });

  it('refuses musl, and systems uWS has no build for, saying why', () => {
    expect(() => chooseNative(linux('v24.22.3', 137, null))).toThrow(/without glibc \(musl\?\): .*need glibc/);
    expect(() => chooseNative({ node: 'v24.22.3', abi: 137, platform: 'freebsd', arch: 'x64', glibc: null })).toThrow(/on freebsd-x64: uWebSockets\.js has builds for Linux, macOS and Windows only/);
  });

  it('reads this process: its ABI and, on Linux, the glibc it loaded', () => {
    const runtime = currentRuntime();
    expect(runtime.abi).toBe(Number(process.versions.modules));
    if (process.platform === 'linux') expect(runtime.glibc).toMatch(/^2\.\d+$/);
  });
});
