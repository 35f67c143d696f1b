import { describe, expect, it } from 'vitest';
import { loadUws } from '../native/index.js';
import { assertNativeUws, isNativeUws } from './native-uws.js';

describe('isNativeUws', () => {
  it('tells the native addon from the ws fallback by its exports', () => {
    expect(isNativeUws(loadUws())).toBe(true);
    const fallback = { App: () => ({}), _cfg: () => undefined, us_listen_socket_close: () => undefined, us_socket_local_port: () => 0 };
    expect(isNativeUws(fallback)).toBe(false);
    expect(() => assertNativeUws(fallback)).toThrow(/refuses to run on its ws fallback/);
  });
});
