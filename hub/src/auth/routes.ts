import { AGENT_PATH, AGENT_TOKENS_PATH, HUB_INFO_PATH, HUB_TOKENS_PATH, INSPECT_PATH, LAB_PATH, LIVE_PATH } from '@hostpulse/protocol';

/**
 * Who may use a route or socket:
 * - `public`: anyone (files that hold no data, health, CORS preflights);
 * - `viewer`: a Host the hub answers to and the viewer token when one is set; a
 *   WebSocket also needs an allowed Origin, since a browser sends its cookie along;
 * - `admin`: a Host the hub answers to and the admin token;
 * - `lab`: a Host the hub answers to, an allowed Origin, and the admin token once
 *   the hub has a viewer or an admin token;
 * - `agent`: no Origin (no web page) and an agent token.
 */
export type Policy = 'public' | 'viewer' | 'admin' | 'lab' | 'agent';

/** The uWS method a route is registered with; `ws` for a WebSocket. */
export type RouteMethod = 'get' | 'post' | 'del' | 'any' | 'options' | 'ws';

/** One route or socket of the hub and its policy. */
export interface RouteSpec {
  method: RouteMethod;
  /** The uWS pattern (`:id` parameters, a trailing `*`). */
  path: string;
  policy: Policy;
  /** What an admin route does, for its refusal ("deleting a host needs an admin token"). */
  action?: string;
}

/**
 * Every route and socket the hub serves, with its policy: the one place that says
 * who may do what. Routes register through auth/access.ts with one of these.
 */
export const ROUTES = {
  agentSocket: { method: 'ws', path: AGENT_PATH, policy: 'agent' },
  liveSocket: { method: 'ws', path: LIVE_PATH, policy: 'viewer' },
  overview: { method: 'get', path: '/api/overview', policy: 'viewer' },
  hosts: { method: 'get', path: '/api/hosts', policy: 'viewer' },
  host: { method: 'get', path: '/api/hosts/:id', policy: 'viewer' },
  samples: { method: 'get', path: '/api/hosts/:id/samples', policy: 'viewer' },
  processes: { method: 'get', path: '/api/hosts/:id/processes', policy: 'viewer' },
  series: { method: 'get', path: '/api/hosts/:id/series', policy: 'viewer' },
  deleteHost: { method: 'del', path: '/api/hosts/:id', policy: 'admin', action: 'deleting a host' },
  nameHost: { method: 'post', path: '/api/hosts/:id/name', policy: 'admin', action: 'naming a host' },
  alerts: { method: 'get', path: '/api/alerts', policy: 'viewer' },
  alertHistory: { method: 'get', path: '/api/alerts/history', policy: 'viewer' },
  silences: { method: 'get', path: '/api/silences', policy: 'viewer' },
  addSilence: { method: 'post', path: '/api/silences', policy: 'admin', action: 'silencing alerts' },
  endSilence: { method: 'del', path: '/api/silences/:id', policy: 'admin', action: 'ending a silence' },
  alertsConfig: { method: 'get', path: '/api/alerts/config', policy: 'admin', action: 'exporting the alert rules' },
  addAlertRule: { method: 'post', path: '/api/alerts/rules', policy: 'admin', action: 'adding an alert rule' },
  changeAlertRule: { method: 'post', path: '/api/alerts/rules/:name', policy: 'admin', action: 'changing an alert rule' },
  deleteAlertRule: { method: 'del', path: '/api/alerts/rules/:name', policy: 'admin', action: 'deleting an alert rule' },
  testAlertRule: { method: 'post', path: '/api/alerts/rules/:name/test', policy: 'admin', action: 'sending a test notification' },
  addNotifier: { method: 'post', path: '/api/alerts/notifiers', policy: 'admin', action: 'adding a notifier' },
  deleteNotifier: { method: 'del', path: '/api/alerts/notifiers/:name', policy: 'admin', action: 'deleting a notifier' },
  stats: { method: 'get', path: '/api/stats', policy: 'viewer' },
  time: { method: 'get', path: '/api/time', policy: 'viewer' },
  inspect: { method: 'get', path: INSPECT_PATH, policy: 'viewer' },
  labState: { method: 'get', path: LAB_PATH, policy: 'viewer' },
  labChange: { method: 'post', path: LAB_PATH, policy: 'lab' },
  labStop: { method: 'del', path: LAB_PATH, policy: 'lab' },
  agentTokens: { method: 'get', path: AGENT_TOKENS_PATH, policy: 'admin', action: 'listing agent tokens' },
  mintAgentToken: { method: 'post', path: AGENT_TOKENS_PATH, policy: 'admin', action: 'minting an agent token' },
  revokeAgentToken: { method: 'del', path: `${AGENT_TOKENS_PATH}/:hostId`, policy: 'admin', action: 'revoking an agent token' },
  readHubToken: { method: 'get', path: `${HUB_TOKENS_PATH}/:name`, policy: 'admin', action: "reading the hub's agent or admin token" },
  hubInfo: { method: 'get', path: HUB_INFO_PATH, policy: 'viewer' },
  rotateHubToken: { method: 'post', path: `${HUB_TOKENS_PATH}/:name/rotate`, policy: 'admin', action: "rotating the hub's agent or admin token" },
  unknownApi: { method: 'get', path: '/api/*', policy: 'viewer' },
  metrics: { method: 'get', path: '/metrics', policy: 'viewer' },
  apiPreflight: { method: 'options', path: '/api/*', policy: 'public' },
  metricsPreflight: { method: 'options', path: '/metrics', policy: 'public' },
  healthz: { method: 'get', path: '/healthz', policy: 'public' },
  readyz: { method: 'get', path: '/readyz', policy: 'public' },
  installScript: { method: 'get', path: '/install.sh', policy: 'public' },
  agentDownload: { method: 'get', path: '/download/agent/:name', policy: 'public' },
  dashboardFiles: { method: 'any', path: '/*', policy: 'public' },
} as const satisfies Record<string, RouteSpec>;
