import uWS from 'uWebSockets.js';
import { describe, expect, it } from 'vitest';
import { assertUwsAbi, isNativeUws } from './native-uws.js';

describe('isNativeUws', () => {
  it('tells the native addon from the ws fallback by its exports', () => {
    expect(isNativeUws(uWS)).toBe(true);
    const fallback = { App: () => ({}), _cfg: () => undefined, us_listen_socket_close: () => undefined, us_socket_local_port: () => 0 };
    expect(isNativeUws(fallback)).toBe(false);
  });
});

describe('assertUwsAbi', () => {
  it('passes the ABIs uWS has binaries for and names Node 20 for any other', () => {
    expect(() => assertUwsAbi('115')).not.toThrow();
    expect(() => assertUwsAbi('127')).toThrow(/ABI 127\): the hub needs Node 20/);
  });
});
