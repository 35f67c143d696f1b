import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cutText, decodeCmdline, effectiveUidOf, nameOf, parsePidStat, programName } from './pid-files.js';

const proc = (path: string) => readFileSync(new URL(`../../fixtures/proc/${path}`, import.meta.url));
const text = (path: string) => proc(path).toString('latin1');
const parse = (line: string) => parsePidStat(Buffer.from(line, 'latin1'), Buffer.byteLength(line, 'latin1'));

describe('parsePidStat on saved /proc/<pid>/stat', () => {
  it('reads an ordinary process (sleep, copied from this machine)', () => {
    expect(parse(text('30326/stat'))).toEqual({
      pid: 30326,
      state: 'S',
      isKernelThread: false,
      cpuTicks: 0,
      threads: 1,
      startTicks: 99706,
      rssPages: 406,
    });
  });

  it('reads init with its CPU time and threads', () => {
    expect(parse(text('1/stat'))).toMatchObject({ pid: 1, cpuTicks: 866, threads: 13, isKernelThread: false });
  });

  it('tells a kernel thread by PF_KTHREAD', () => {
    expect(parse(text('2/stat'))).toMatchObject({ pid: 2, isKernelThread: true, rssPages: 0 });
  });

  it('reads a zombie', () => {
    expect(parse(text('3001/stat'))).toMatchObject({ pid: 3001, state: 'Z', rssPages: 0, isKernelThread: false });
  });

  it('reads a name holding spaces and parentheses up to the last )', () => {
    expect(parse(text('3002/stat'))).toMatchObject({ pid: 3002, state: 'R', cpuTicks: 1560, threads: 4, rssPages: 24576 });
  });

  it('reads a name holding a newline', () => {
    const line = text('30326/stat').replace('(sleep)', '(two\nlines)');
    expect(parse(line)).toMatchObject({ pid: 30326, state: 'S', startTicks: 99706 });
  });

  it.each([
    ['an empty file (the process exited)', ''],
    ['a line cut short', '42 (x) S 1 2 3'],
    ['no parentheses', '42 x S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23'],
    ['a state that is not a letter', text('30326/stat').replace(') S ', ') ? ')],
    ['a letter in a number', text('30326/stat').replace(' 99706 ', ' 99x06 ')],
  ])('returns null for %s', (_label, line) => {
    expect(parse(line)).toBeNull();
  });

  it('reads only the bytes it is given (a reused buffer holds an older, longer line after them)', () => {
    const buffer = Buffer.alloc(1024, 0x37);
    const line = text('30326/stat');
    buffer.write(line, 'latin1');
    expect(parsePidStat(buffer, line.length)).toMatchObject({ pid: 30326, rssPages: 406 });
  });
});

describe('decodeCmdline on saved /proc/<pid>/cmdline', () => {
  it('joins NUL-separated arguments with spaces', () => {
    expect(decodeCmdline(proc('30326/cmdline'))).toBe('sleep 600');
  });

  it('shows newlines as spaces, invalid UTF-8 as U+FFFD, keeps valid UTF-8, and masks the token', () => {
    expect(decodeCmdline(proc('3002/cmdline'))).toBe('worker --name line one line two --token=*** café bad\uFFFD\uFFFDbytes');
  });

  it('is empty for a zombie or kernel thread, which have no command line', () => {
    expect(decodeCmdline(proc('3001/cmdline'))).toBe('');
    expect(decodeCmdline(proc('2/cmdline'))).toBe('');
  });

  it('cuts at 200 characters with an ellipsis, after masking', () => {
    const long = Buffer.from(`java -Dpassword=hunter2 ${'-Xopt '.repeat(60)}`);
    const command = decodeCmdline(long);
    expect(command).toHaveLength(200);
    expect(command.endsWith('…')).toBe(true);
    expect(command).toContain('-Dpassword=***');
  });

  it('keeps a command line padded with NULs (a process that rewrote its title) short', () => {
    expect(decodeCmdline(Buffer.from('postgres: checkpointer\0\0\0\0\0\0'))).toBe('postgres: checkpointer');
  });
});

describe('small readers', () => {
  it('cutText never halves a surrogate pair', () => {
    expect(cutText('ab😀cd', 4)).toBe('ab…');
    expect(cutText('abc😀', 5)).toBe('abc😀');
  });

  it('programName shows the program where Node renamed its main thread, and the comm elsewhere', () => {
    const cmdline = (...args: string[]): Buffer => Buffer.from(args.join('\0') + '\0');
    expect(programName('MainThread', cmdline('/usr/local/bin/node', 'hub/dist/main.js'))).toBe('node');
    expect(programName('node-MainThread', cmdline('/opt/hostpulse/hostpulse-hub', '--port', '8080'))).toBe('hostpulse-hub');
    expect(programName('nginx', cmdline('nginx: master process /usr/sbin/nginx'))).toBe('nginx');
    expect(programName('MainThread', null)).toBe('MainThread');
    expect(programName('MainThread', Buffer.alloc(0))).toBe('MainThread');
  });

  it('nameOf reads the name from status, with the kernel’s escapes and UTF-8 undone', () => {
    expect(nameOf(text('3002/status'))).toBe('a) b (c');
    expect(nameOf(text('2/status'))).toBe('kthreadd');
    expect(nameOf(`Name:\t${Buffer.from('café').toString('latin1')}\nState:\tS\n`)).toBe('café');
    expect(nameOf('Name:\ttwo\\nlines\\\\x\n')).toBe('two lines\\x');
    expect(nameOf('State:\tS\n')).toBeNull();
  });

  it('effectiveUidOf reads the effective uid from status', () => {
    expect(effectiveUidOf(text('3002/status'))).toBe(33);
    expect(effectiveUidOf(text('1/status'))).toBe(0);
    expect(effectiveUidOf('Name:\tx\n')).toBeNull();
  });
});
