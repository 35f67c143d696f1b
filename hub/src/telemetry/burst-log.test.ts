import { describe, expect, it } from 'vitest';
import { createLogger } from '@hostpulse/common';
import { BURST_LOG_LINES, BurstLog } from './burst-log.js';

describe('BurstLog', () => {
  it('logs the first lines of each message one by one, counts the rest, and tells their number at the tick', () => {
    const lines: string[] = [];
    const log = new BurstLog(createLogger('hub', 'info', (line) => lines.push(line)));
    for (let i = 0; i < 1000; i++) log.info('agent connected', { hostId: `h-${i}` });
    log.info('host online', { hostId: 'h-0' });
    expect(lines).toHaveLength(BURST_LOG_LINES + 1);
    expect(lines[0]).toMatch(/info hub: agent connected hostId=h-0\n$/);
    log.tick();
    expect(lines).toHaveLength(BURST_LOG_LINES + 2);
    expect(lines.at(-1)).toMatch(new RegExp(`agent connected: more in the last second, not logged one by one count=${1000 - BURST_LOG_LINES}\\n$`));
  });

  it('starts afresh after a tick, and a quiet tick logs nothing', () => {
    const lines: string[] = [];
    const log = new BurstLog(createLogger('hub', 'info', (line) => lines.push(line)));
    for (let i = 0; i < BURST_LOG_LINES; i++) log.info('agent connected', { hostId: `h-${i}` });
    log.tick();
    log.info('agent connected', { hostId: 'again' });
    log.tick();
    expect(lines).toHaveLength(BURST_LOG_LINES + 1);
    expect(lines.at(-1)).toMatch(/agent connected hostId=again/);
  });
});
