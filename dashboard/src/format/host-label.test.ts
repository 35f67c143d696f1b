import { describe, expect, it } from 'vitest';
import { hostLabel, hostLabelText } from './host-label.js';

describe('hostLabel', () => {
  it('shows the id, with the hostname beside it when they differ', () => {
    expect(hostLabel({ hostId: 'web-1', hostname: 'vm' })).toEqual({ main: 'web-1', aside: 'vm' });
    expect(hostLabel({ hostId: 'vm', hostname: 'vm' })).toEqual({ main: 'vm', aside: '' });
    expect(hostLabel({ hostId: 'web-1' })).toEqual({ main: 'web-1', aside: '' });
  });

  it('shows a display name first, with the id beside it', () => {
    expect(hostLabel({ hostId: 'web-1', hostname: 'vm', displayName: 'front door' })).toEqual({ main: 'front door', aside: 'web-1' });
  });

  it('draws control and direction characters from agents and admins as U+FFFD', () => {
    expect(hostLabel({ hostId: 'web-1', hostname: 'v\u202em' }).aside).toBe('v\uFFFDm');
    expect(hostLabel({ hostId: 'web-1', displayName: 'a\u0007b' }).main).toBe('a\uFFFDb');
  });

  it('reads as one line for titles, sorting and filtering', () => {
    expect(hostLabelText({ hostId: 'web-2', hostname: 'vm' })).toBe('web-2 (vm)');
    expect(hostLabelText({ hostId: 'web-2', hostname: 'web-2' })).toBe('web-2');
    expect(hostLabelText({ hostId: 'web-2', hostname: 'vm', displayName: 'shop' })).toBe('shop (web-2)');
  });
});
