import { describe, expect, it } from 'vitest';
import { isValid } from '@hostpulse/protocol/validate';
import { parseAgentTokenRequest } from './agent-token-routes.js';

describe('parseAgentTokenRequest', () => {
  it('takes a valid host id, as the protocol schema does', () => {
    expect(parseAgentTokenRequest('{"hostId":"web-3"}')).toEqual({ ok: true, hostId: 'web-3' });
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
      const parsed = parseAgentTokenRequest(text);
      expect({ text, parsed }).toEqual({ text, parsed: { ok: false, field, message: expect.stringMatching(new RegExp(`^${field}: `)) } });
      if (field !== 'body') expect({ text, valid: isValid('AgentTokenRequest', JSON.parse(text)) }).toEqual({ text, valid: false });
    }
  });
});
