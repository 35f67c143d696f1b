import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { spawnChild, type Child } from '@hostpulse/testkit/child';
import { waitFor } from '@hostpulse/testkit/waits';
import { requireTool } from '@hostpulse/testkit/tls-pki';

/** Debian's nginx, run in the foreground; .ci/run installs it when missing. */
export const NGINX_PATH = '/usr/sbin/nginx';

/** What the proxy needs: its own directory, where to listen, the hub behind it, and the certificate. */
export interface NginxOptions {
  dir: string;
  port: number;
  hubUrl: string;
  certPath: string;
  keyPath: string;
}

// The README's nginx configuration (inside http { }), with <placeholders> for this run's addresses and files.
// uWebSockets.js answers HTTP/1.1 only (an HTTP/1.0 request hangs: uNetworking/uWebSockets#1547),
// and nginx speaks 1.0 to upstreams by default, so 1.1 is set for every location, not only the sockets.
const HUB_PROXY_HTTP = `  # WebSocket upgrades pass Connection: upgrade; plain requests send none, keeping the upstream connection open.
  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' '';
  }
  upstream hostpulse_hub {
    server <hub-address>;
    keepalive 16;
  }
  server {
    listen <listen> ssl;
    server_name localhost;
    ssl_certificate <cert.pem>;
    ssl_certificate_key <key.pem>;

    proxy_http_version 1.1;
    proxy_set_header Host $http_host;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;

    location / {
      proxy_pass http://hostpulse_hub;
    }
    # Agents and dashboards hold one socket for hours; the agent pings every 15 s.
    location ~ ^/(agent|live)$ {
      proxy_pass http://hostpulse_hub;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
    }
  }
`;

/**
 * The README's TLS proxy for the hub, with every path nginx writes (pid, logs,
 * temp files) inside `dir` so it runs as root or not, next to any system nginx.
 */
export function nginxConfig({ dir, port, hubUrl, certPath, keyPath }: NginxOptions): string {
  const values: Record<string, string> = { 'hub-address': new URL(hubUrl).host, listen: `127.0.0.1:${port}`, 'cert.pem': certPath, 'key.pem': keyPath };
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${HUB_PROXY_HTTP.replace(/<(hub-address|listen|cert\.pem|key\.pem)>/g, (_, name: string) => values[name]!)}}
`;
}

/** GET over https trusting only `ca`; the certificate is checked as a browser would. */
export function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Writes nginx.conf into `options.dir` and starts nginx in the foreground; resolves
 * once https://127.0.0.1:PORT/api/time answers 200 through it with a certificate `ca` trusts.
 */
export async function startNginx(options: NginxOptions, ca: string, timeoutMs = 10_000): Promise<Child & { url: string }> {
  requireTool(NGINX_PATH, 'nginx');
  const { dir, port } = options;
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(options));
  // -e: the log for start-up errors, before nginx.conf is read; the default under /var/log may not be writable.
  // stop() sends SIGTERM, nginx's fast shutdown; SIGQUIT would wait for the long-lived WebSockets.
  const nginx = spawnChild(NGINX_PATH, ['-e', join(dir, 'error.log'), '-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], process.env);
  const errorLog = (): string => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const child = { ...nginx, output: () => nginx.output() + errorLog(), url: `https://127.0.0.1:${port}` };
  const hasExited = (): boolean => nginx.proc.exitCode !== null || nginx.proc.signalCode !== null;
  const answer = () => httpsGet(`${child.url}/api/time`, ca).catch((err: Error) => ({ status: 0, body: err.message }));
  try {
    await waitFor(answer, (a) => a.status === 200 || hasExited(), { timeout: timeoutMs, message: 'nginx proxying the hub', explain: child.output });
  } catch (error) {
    await child.stop();
    throw error;
  }
  if (hasExited()) throw new Error(`nginx exited at start-up:\n${child.output()}`);
  return child;
}
