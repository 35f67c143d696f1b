import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValid, parseAgentMessage, parseLiveClientMessage, parseRequest } from './validate.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8');
const helloText = fixture('AgentHello');
const sampleText = fixture('AgentSample');

function withSample(edit: (sample: Record<string, any>) => void): string {
  const message = JSON.parse(sampleText);
  edit(message.sample);
  return JSON.stringify(message);
}

describe('parseAgentMessage', () => {
  it('accepts the hello and sample fixtures', () => {
    expect(parseAgentMessage(helloText)).toMatchObject({ ok: true, message: { type: 'hello' } });
    expect(parseAgentMessage(sampleText)).toMatchObject({ ok: true, message: { type: 'sample' } });
  });

  it('calls text that is not JSON malformedJson', () => {
    expect(parseAgentMessage('{"type":"sample",')).toMatchObject({ ok: false, fault: 'malformedJson' });
    expect(parseAgentMessage('\u0000\u0001binary')).toMatchObject({ ok: false, fault: 'malformedJson' });
  });

  it('calls a sample naming one interface, device, mount or sensor twice invalidMessage', () => {
    const twice = withSample((sample) => sample.net.push({ ...sample.net[0] }));
    expect(parseAgentMessage(twice)).toMatchObject({ ok: false, fault: 'invalidMessage', detail: expect.stringMatching(/\/sample\/net: ".+" appears twice/) });
    const twoMounts = withSample((sample) => (sample.fs = [{ mount: '/', fsType: 'ext4', sizeBytes: 1, usedBytes: 0 }, { mount: '/', fsType: 'xfs', sizeBytes: 1, usedBytes: 0 }]));
    expect(parseAgentMessage(twoMounts)).toMatchObject({ ok: false, fault: 'invalidMessage' });
  });

  it('accepts filesystems with and without available bytes, and still refuses a field it does not know', () => {
    const newer = withSample((sample) => (sample.fs = [{ mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 60, availableBytes: 35 }]));
    const older = withSample((sample) => (sample.fs = [{ mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 60 }]));
    const unknown = withSample((sample) => (sample.fs = [{ mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 60, freeBytes: 40 }]));
    expect(parseAgentMessage(newer)).toMatchObject({ ok: true });
    expect(parseAgentMessage(older)).toMatchObject({ ok: true });
    expect(parseAgentMessage(unknown)).toMatchObject({ ok: false, fault: 'invalidMessage' });
  });

  it('calls a hello of another protocol version unsupportedVersion', () => {
    const hello = { ...JSON.parse(helloText), protocolVersion: 2 };
    expect(parseAgentMessage(JSON.stringify(hello))).toMatchObject({ ok: false, fault: 'unsupportedVersion' });
  });

  it.each([
    ['an unknown type', JSON.stringify({ type: 'samples', sample: {} })],
    ['a string where a number belongs', withSample((s) => (s.cpu.total.userPct = '12'))],
    ['a number that overflows to Infinity', withSample((s) => (s.mem.usedBytes = 1e400)).replace('null', '1e400')],
    ['a percentage over 100', withSample((s) => (s.cpu.total.idlePct = 250))],
    ['a negative rate', withSample((s) => (s.net[0].rxBytesPerSec = -1))],
    ['a fractional seq', withSample((s) => (s.seq = 1.5))],
    ['a seq of zero', withSample((s) => (s.seq = 0))],
    ['a host id with a slash', withSample((s) => (s.hostId = 'web/1'))],
    ['a missing cpu block', withSample((s) => delete s.cpu)],
    ['an array in place of the message', '[1,2,3]'],
    ['an unknown field in the sample', withSample((s) => (s.extra = 'x'.repeat(50_000)))],
    ['an unknown field in a CPU core', withSample((s) => (s.cpu.cores[0].nicePct = 1))],
    ['an unknown field in an interface', withSample((s) => (s.net[0].note = 'hi'))],
    ['an unknown field beside the sample', JSON.stringify({ ...JSON.parse(sampleText), extra: 1 })],
    ['an unknown field in the inventory', JSON.stringify({ ...JSON.parse(helloText), inventory: { ...JSON.parse(helloText).inventory, tags: ['a'] } })],
    ['null', 'null'],
  ])('rejects %s as invalidMessage', (_label, text) => {
    const result = parseAgentMessage(text);
    expect(result).toMatchObject({ ok: false, fault: 'invalidMessage' });
    expect(result.ok ? '' : result.detail).not.toBe('');
  });

  it('never throws and accepts nothing but protocol messages, whatever JSON arrives', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'medium' }), (text) => {
        const result = parseAgentMessage(text);
        if (result.ok) expect(['hello', 'sample']).toContain(result.message.type);
        else expect(result.fault).toBe('invalidMessage');
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects deep nesting without throwing', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(parseAgentMessage(deep)).toMatchObject({ ok: false, fault: 'invalidMessage' });
  });
});

describe('parseLiveClientMessage', () => {
  it('accepts subscribe and unsubscribe fixtures', () => {
    expect(parseLiveClientMessage(fixture('Subscribe'))).toMatchObject({ ok: true, message: { type: 'subscribe' } });
    expect(parseLiveClientMessage(fixture('Unsubscribe'))).toMatchObject({ ok: true, message: { type: 'unsubscribe' } });
  });

  it('rejects a subscribe or unsubscribe with an unknown field', () => {
    expect(parseLiveClientMessage('{"type":"subscribe","topic":"overview","padding":"xxxx"}')).toMatchObject({ ok: false, fault: 'invalidMessage' });
    expect(parseLiveClientMessage('{"type":"unsubscribe","topic":"overview","x":1}')).toMatchObject({ ok: false, fault: 'invalidMessage' });
  });

  it('rejects a subscribe without a topic or with a negative afterSeq', () => {
    expect(parseLiveClientMessage('{"type":"subscribe"}')).toMatchObject({ ok: false, fault: 'invalidMessage' });
    expect(parseLiveClientMessage('{"type":"subscribe","topic":"overview","afterSeq":-1}')).toMatchObject({
      ok: false,
      fault: 'invalidMessage',
    });
  });
});

describe('processes and tags', () => {
  const processesText = fixture('AgentProcesses');
  const withTable = (edit: (table: Record<string, any>) => void): string => {
    const message = JSON.parse(processesText);
    edit(message.table);
    return JSON.stringify(message);
  };
  const withTags = (tags: unknown): string => {
    const hello = JSON.parse(helloText);
    hello.inventory.tags = tags;
    return JSON.stringify(hello);
  };

  it('accepts a processes table and a hello with tags', () => {
    expect(parseAgentMessage(processesText)).toMatchObject({ ok: true, message: { type: 'processes' } });
    expect(parseAgentMessage(withTags({ role: 'db', env: 'prod', zone: 'eu-west/1a' }))).toMatchObject({ ok: true });
  });

  it('accepts a hello without tags, as agents before tags sent it', () => {
    expect(parseAgentMessage(withTags(undefined))).toMatchObject({ ok: true });
  });

  it.each([
    ['an unknown property on a row', withTable((t) => (t.processes[0].environ = 'HOME=/root'))],
    ['an unknown property on the table', withTable((t) => (t.extra = 1))],
    ['a command line over 200 characters', withTable((t) => (t.processes[0].command = 'x'.repeat(201)))],
    ['more rows than the top 15 by CPU and by memory', withTable((t) => (t.processes = Array.from({ length: 31 }, () => t.processes[0])))],
    ['a state that is not one letter', withTable((t) => (t.processes[0].state = 'running'))],
    ['a negative CPU share', withTable((t) => (t.processes[0].cpuPct = -1))],
    ['an unknown group kind', withTable((t) => (t.groups[0].kind = 'vm'))],
    ['an unknown container runtime', withTable((t) => (t.groups[1].runtime = 'lxc'))],
    ['a pid of zero', withTable((t) => (t.processes[0].pid = 0))],
  ])('rejects a processes table with %s', (_label, text) => {
    expect(parseAgentMessage(text)).toMatchObject({ ok: false, fault: 'invalidMessage' });
  });

  it.each([
    ['a key with a space', { 'my role': 'db' }],
    ['a key starting with a digit', { '1role': 'db' }],
    ['a value with a quote', { role: 'db"' }],
    ['an empty value', { role: '' }],
    ['a value of 65 characters', { role: 'a'.repeat(65) }],
    ['a number as value', { role: 1 }],
    ['17 tags', Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']))],
    ['an array', ['role=db']],
  ])('rejects tags with %s', (_label, tags) => {
    expect(parseAgentMessage(withTags(tags))).toMatchObject({ ok: false, fault: 'invalidMessage' });
  });
});

describe('parseRequest', () => {
  it('takes a valid body, as the schema does', () => {
    expect(parseRequest('AgentTokenRequest', '{"hostId":"web-3"}')).toEqual({ ok: true, value: { hostId: 'web-3' } });
    expect(isValid('AgentTokenRequest', { hostId: 'web-3' })).toBe(true);
  });

  it('names the field at fault, for everything the schema refuses', () => {
    const cases: [string, string][] = [
      ['not json', 'body'],
      ['[]', 'body'],
      ['null', 'body'],
      ['{}', 'hostId'],
      ['{"hostId":""}', 'hostId'],
      ['{"hostId":"-web"}', 'hostId'],
      ['{"hostId":"web 3"}', 'hostId'],
      ['{"hostId":"web/3"}', 'hostId'],
      [`{"hostId":"${'a'.repeat(65)}"}`, 'hostId'],
      ['{"hostId":3}', 'hostId'],
      ['{"hostId":"web-3","token":"mine"}', 'token'],
    ];
    for (const [text, field] of cases) {
      const parsed = parseRequest('AgentTokenRequest', text);
      expect({ text, parsed }).toEqual({ text, parsed: { ok: false, field, message: expect.stringMatching(new RegExp(`^${field}: `)) } });
      if (field !== 'body') expect({ text, valid: isValid('AgentTokenRequest', JSON.parse(text)) }).toEqual({ text, valid: false });
    }
  });

  it('says what came and, for an unknown field, which fields there are', () => {
    expect(parseRequest('AgentTokenRequest', '{"hostId":"web 3"}')).toMatchObject({ message: expect.stringContaining('got "web 3"') });
    expect(parseRequest('AgentTokenRequest', '{"hostId":"w","token":1}')).toMatchObject({ message: 'token: is not a field of this request; the fields are hostId' });
  });
});
