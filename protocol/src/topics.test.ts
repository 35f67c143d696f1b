import { describe, expect, it } from 'vitest';
import { CloseCode, closeCodeLabel, closeCodeName } from './close-codes.js';
import { FAULT_KINDS } from './constants.js';
import { ALERTS_TOPIC, hostTopic, OVERVIEW_TOPIC, parseTopic, STATS_TOPIC } from './topics.js';

describe('topics', () => {
  it('round-trips host topics', () => {
    expect(parseTopic(hostTopic('web-1.example'))).toEqual({ kind: 'host', hostId: 'web-1.example' });
  });

  it('parses the fixed topics', () => {
    expect(parseTopic(OVERVIEW_TOPIC)).toEqual({ kind: 'overview' });
    expect(parseTopic(STATS_TOPIC)).toEqual({ kind: 'stats' });
    expect(parseTopic(ALERTS_TOPIC)).toEqual({ kind: 'alerts' });
  });

  it.each(['', 'host/', 'host/a/b', 'host/-x', 'hosts/web', 'Overview', 'host/' + 'a'.repeat(65)])(
    'rejects %j',
    (name) => expect(parseTopic(name)).toBeNull(),
  );
});

describe('close codes', () => {
  it('are unique and named back', () => {
    const codes = Object.values(CloseCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(closeCodeName(4401)).toBe('invalidMessage');
    expect(closeCodeName(4999)).toBeUndefined();
  });

  it("label the protocol's codes by their names and RFC 6455 codes by the RFC's", () => {
    expect(closeCodeLabel(CloseCode.goingAway)).toBe('goingAway');
    expect(closeCodeLabel(4408)).toBe('slowClientDropped');
    expect(closeCodeLabel(1006)).toBe('abnormalClosure');
    expect(closeCodeLabel(4999)).toBeUndefined();
  });

  it('give every fault that closes a socket a code of the same name', () => {
    const closing = FAULT_KINDS.filter((kind) => !['unauthorized', 'forbiddenOrigin', 'forbiddenHost', 'badRequest', 'storage', 'bus', 'busInvalid', 'clockSkew', 'tooManySockets', 'outOfDescriptors'].includes(kind));
    for (const kind of closing) expect(CloseCode).toHaveProperty(kind);
  });
});
