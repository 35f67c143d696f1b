import type { ContainerRuntime, ProcessGroup, ProcessGroupKind } from '@hostpulse/protocol';

/** What a process's cgroup says it belongs to: a group's identity, before any totals. */
export type GroupIdentity = Pick<ProcessGroup, 'id' | 'kind' | 'name' | 'cgroup' | 'runtime' | 'pod'>;

/** The group every kernel thread belongs to; their cgroup is always the root. */
export const KERNEL_GROUP: GroupIdentity = { id: 'kernel', kind: 'kernel', name: 'kernel threads', cgroup: '/' };

const MAX_PATH_CHARS = 256;
const CONTAINER_ID_RE = /^[0-9a-f]{64}$/;
const UNIT_RE = /\.(service|scope|socket|mount|swap|slice)$/;
// Prefixes runtimes put before a container id in a cgroup name, with the runtime each means.
const ID_PREFIXES: readonly [string, ContainerRuntime][] = [
  ['cri-containerd-', 'containerd'],
  ['nerdctl-', 'containerd'],
  ['crio-', 'cri-o'],
  ['docker-', 'docker'],
  ['libpod-', 'podman'],
];

/**
 * The cgroup path of a process from the text of /proc/<pid>/cgroup, which has one
 * `id:controllers:path` line per hierarchy: `0::/path` alone on cgroup v2, one line
 * per controller on v1, both on hybrid hosts. A path that names a container wins
 * (on hybrid hosts a runtime may place a container in v1 controllers only); then
 * the v2 path, then systemd's v1 hierarchy, then any controller's; "/" when all are
 * the root or the text has no line (the process exited while it was read).
 */
export function cgroupPathOf(text: string): string {
  const byController = new Map<string, string>();
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    byController.set(line.slice(first + 1, second), line.slice(second + 1));
  }
  const paths = [...byController.values()];
  const container = paths.find((path) => containerOf(path) !== null);
  if (container !== undefined) return container;
  const preferred = [byController.get(''), byController.get('name=systemd'), ...paths];
  return preferred.find((path) => path !== undefined && path !== '/' && path !== '') ?? '/';
}

function containerOf(path: string): { id: string; runtime?: ContainerRuntime; pod?: string } | null {
  const parts = path.split('/').filter(Boolean);
  for (let i = parts.length - 1; i >= 0; i--) {
    let name = parts[i]!.replace(/\.scope$/, '');
    let runtime: ContainerRuntime | undefined;
    for (const [prefix, r] of ID_PREFIXES) {
      if (!name.startsWith(prefix)) continue;
      name = name.slice(prefix.length);
      runtime = r;
      break;
    }
    if (!CONTAINER_ID_RE.test(name)) continue;
    const parents = parts.slice(0, i);
    if (runtime === undefined && parents.includes('docker')) runtime = 'docker';
    if (runtime === undefined && parents.includes('libpod_parent')) runtime = 'podman';
    const pod = parents.map(podUidOf).find((uid) => uid !== undefined);
    return { id: name, ...(runtime ? { runtime } : {}), ...(pod ? { pod } : {}) };
  }
  return null;
}

// pod<uid> (cgroupfs) or kubepods-<qos>-pod<uid with _ for ->.slice (systemd).
function podUidOf(part: string): string | undefined {
  const match = /^(?:kubepods-(?:[a-z]+-)?)?pod([0-9a-f_-]{36})(?:\.slice)?$/.exec(part);
  return match ? match[1]!.replaceAll('_', '-') : undefined;
}

/**
 * The group a cgroup path stands for: a container (docker, containerd, podman,
 * CRI-O; under kubepods with its pod), else the deepest systemd unit in the path,
 * else the path itself.
 */
export function groupOfCgroup(path: string): GroupIdentity {
  const cgroup = path.slice(0, MAX_PATH_CHARS);
  const container = containerOf(path);
  if (container) {
    return { id: `container:${container.id}`, kind: 'container', name: container.id.slice(0, 12), cgroup, ...(container.runtime ? { runtime: container.runtime } : {}), ...(container.pod ? { pod: container.pod } : {}) };
  }
  const unit = path.split('/').filter((part) => UNIT_RE.test(part)).pop();
  if (unit !== undefined) return identity('unit', `unit:${unit}`, unit, cgroup);
  return identity('cgroup', `cgroup:${cgroup}`, cgroup, cgroup);
}

function identity(kind: ProcessGroupKind, id: string, name: string, cgroup: string): GroupIdentity {
  return { id: id.slice(0, 300), kind, name: name.slice(0, 256), cgroup };
}
