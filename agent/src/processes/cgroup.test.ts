import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cgroupPathOf, groupOfCgroup } from './cgroup.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/cgroup/${name}.txt`, import.meta.url), 'utf8');
const ID = '4f9a1c2b7d3e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9012345678901234567';
const ID2 = '9b1e0c7d6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa9988776655';
const POD = '7d2c8e4a-1b3f-4c5d-9e6f-0a1b2c3d4e5f';
const groupOf = (name: string) => groupOfCgroup(cgroupPathOf(fixture(name)));

describe('cgroup grouping on saved /proc/<pid>/cgroup files', () => {
  it.each([
    ['v2-systemd-service', { id: 'unit:nginx.service', kind: 'unit', name: 'nginx.service', cgroup: '/system.slice/nginx.service' }],
    ['v2-systemd-session', { id: 'unit:session-4.scope', kind: 'unit', name: 'session-4.scope' }],
    ['v2-nested-unit', { id: 'unit:cron.service', kind: 'unit' }],
    ['v1-systemd-hybrid', { id: 'unit:ssh.service', kind: 'unit', cgroup: '/system.slice/ssh.service' }],
    ['v2-docker-systemd', { id: `container:${ID}`, kind: 'container', name: ID.slice(0, 12), runtime: 'docker' }],
    ['v2-docker-cgroupfs', { id: `container:${ID}`, kind: 'container', runtime: 'docker', cgroup: `/docker/${ID}` }],
    ['v1-docker', { id: `container:${ID}`, kind: 'container', runtime: 'docker', cgroup: `/docker/${ID}` }],
    ['v2-kubepods-containerd', { id: `container:${ID}`, kind: 'container', runtime: 'containerd', pod: POD }],
    ['v2-kubepods-crio', { id: `container:${ID2}`, kind: 'container', runtime: 'cri-o', pod: POD }],
    ['v1-kubepods', { id: `container:${ID}`, kind: 'container', pod: POD, cgroup: `/kubepods/burstable/pod${POD}/${ID}` }],
    ['v2-podman-rootless', { id: `container:${ID}`, kind: 'container', runtime: 'podman' }],
    ['v1-podman-cgroupfs', { id: `container:${ID2}`, kind: 'container', runtime: 'podman' }],
    ['v2-containerd-nerdctl', { id: `container:${ID2}`, kind: 'container', runtime: 'containerd' }],
    ['v2-podman-conmon', { id: `unit:libpod-conmon-${ID}.scope`, kind: 'unit' }],
    ['v2-plain-path', { id: 'cgroup:/batch/jobs/42', kind: 'cgroup', name: '/batch/jobs/42' }],
    ['v2-root', { id: 'cgroup:/', kind: 'cgroup', name: '/' }],
    ['v1-firecracker-this-machine', { id: 'cgroup:/process_api/390c254484f0018cac7bc2e42e1a2cff', kind: 'cgroup' }],
  ])('%s', (name, expected) => {
    expect(groupOf(name)).toMatchObject(expected);
  });

  it('gives a kubepods container with no runtime prefix no runtime, only its pod', () => {
    expect(groupOf('v1-kubepods').runtime).toBeUndefined();
  });

  it('reads an empty file (the process exited) as the root cgroup', () => {
    expect(cgroupPathOf('')).toBe('/');
  });

  it('cuts a very long path to 256 characters in the name and id', () => {
    const group = groupOfCgroup('/' + 'a'.repeat(400));
    expect(group.name).toHaveLength(256);
    expect(group.id.length).toBeLessThanOrEqual(300);
  });
});
