import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import type { Child } from '@hostpulse/testkit/child';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { startNetnsTraffic, type NetnsTraffic } from './helpers/netns-traffic.js';
import { startPrometheus } from './helpers/prometheus-server.js';
import { hostSamples, waitForSeq } from '@hostpulse/testkit/hub-reads';
import { waitFor } from '@hostpulse/testkit/waits';

// A real agent measures steady traffic arriving over a veth pair from a namespace
// the test made; the hub turns its per-second rates into counters; Debian's
// promtool lints the exposition and Debian's Prometheus scrapes it every second.
const HOST = `prom-${process.pid}`;
const WINDOW_SEC = 10;

let traffic: NetnsTraffic;
let hub: HubProcess;
let agent: Child;


/** Runs `promtool check metrics` on `text`; its exit code and everything it printed. */
function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn('/usr/bin/promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    proc.on('error', reject);
    // 'close', not 'exit': the process may exit before its last output is read.
    proc.on('close', (code) => resolve({ code, output }));
    proc.stdin.end(text);
  });
}

beforeAll(async () => {
  traffic = await startNetnsTraffic({ bytesPerSec: 1_000_000, seconds: 90 });
  hub = await startHubProcess();
  agent = startAgentProcess(hub.url, ['--interval', '1000', '--host-id', HOST]);
  await waitForSeq(hub.url, HOST, 3);
});
afterAll(async () => {
  await agent?.stop();
  await hub?.stop();
  await traffic?.stop();
});

describe('/metrics for Prometheus', () => {
  it('passes promtool check metrics with nothing to say', async () => {
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    expect(text).toMatch(new RegExp(`^hostpulse_host_network_receive_bytes_total\\{host="${HOST}",interface="${traffic.interfaceName}"\\} [1-9]`, 'm'));
    const result = await promtoolCheck(text);
    console.info(`promtool check metrics (${text.split('\n').length} lines): exit ${result.code}, output ${JSON.stringify(result.output)}`);
    expect(result).toEqual({ code: 0, output: '' });
  });

  it(`gives a real Prometheus, scraping every second, a rate() over ${WINDOW_SEC}s within 10 % of the agent's own per-second figures`, { timeout: 60_000 }, async () => {
    const prom = await startPrometheus({ target: `127.0.0.1:${hub.port}`, scrapeIntervalSec: 1 });
    try {
      const series = `hostpulse_host_network_receive_bytes_total{host="${HOST}",interface="${traffic.interfaceName}"}`;
      // rate() divides by the whole window, so every window queried below must lie within scraped time:
      // wait for WINDOW_SEC + 6 scrapes (Prometheus starts scraping a few seconds after it is ready).
      const scrapes = async () => Number((await prom.query(`count_over_time(${series}[${WINDOW_SEC + 10}s])`))[0]?.value[1] ?? 0);
      await waitFor(scrapes, (n) => n >= WINDOW_SEC + 6, { timeout: 40_000, interval: 500, message: `${WINDOW_SEC + 6} scrapes` });
      expect(await scrapes()).toBeGreaterThanOrEqual(WINDOW_SEC + 6);
      expect((await prom.query('up{job="hostpulse"}')).map((s) => s.value[1])).toEqual(['1']);
      const expr = `rate(${series}[${WINDOW_SEC}s])`;
      const samples = (await hostSamples(hub.url, HOST))!.samples;
      const nowSec = Math.floor(Date.now() / 1000);
      for (const back of [1, 3, 5]) {
        const timeSec = nowSec - back;
        const answer = await prom.query(expr, timeSec);
        expect(answer).toHaveLength(1);
        const prometheusRate = Number(answer[0]!.value[1]);
        // The agent's own figures for the samples the hub received in the same window.
        const inWindow = samples.filter((s) => s.hubRxMs > (timeSec - WINDOW_SEC) * 1000 && s.hubRxMs <= timeSec * 1000);
        const rates = inWindow.map((s) => s.net.find((n) => n.name === traffic.interfaceName)?.rxBytesPerSec ?? 0);
        const agentMean = rates.reduce((sum, r) => sum + r, 0) / rates.length;
        console.info(JSON.stringify({ query: expr, time: timeSec, prometheus: answer, agentSamples: rates.length, agentMeanBytesPerSec: agentMean, ratio: prometheusRate / agentMean }));
        expect(rates.length).toBeGreaterThanOrEqual(WINDOW_SEC - 2);
        // 1 MB/s of payload is sent (a busy machine's timers may send less): the interface saw it.
        expect(agentMean).toBeGreaterThan(500_000);
        expect(Math.abs(prometheusRate / agentMean - 1)).toBeLessThan(0.1);
      }
    } finally {
      await prom.stop();
    }
  });
});
