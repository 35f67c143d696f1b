#!/usr/bin/env bash
# The Debian packages the tests use, each beside the tests that need it and the files that
# show it is present. As root it installs the missing ones (apt-get update once, only then);
# otherwise it prints the apt-get command that would and exits 1. Then it makes the Nodes
# of scripts/ci/trixie-node.sh. `npm test` and .ci/run call it first; when nothing is
# missing it makes no apt call.
set -euo pipefail

missing=()           # installed with their recommends, as `apt-get install` does
missing_bare=()      # installed with --no-install-recommends
services=()          # packages whose service Debian may start on install; the tests start their own

# need [--bare] [--service] PACKAGE FILE...: PACKAGE is missing when any FILE is.
need() {
  local bare=false service=false
  while [[ $1 == --* ]]; do
    case $1 in --bare) bare=true ;; --service) service=true ;; esac
    shift
  done
  local package=$1 file
  shift
  for file; do
    if [ ! -e "$file" ]; then
      if $bare; then missing_bare+=("$package"); else missing+=("$package"); fi
      if $service; then services+=("$package"); fi
      return
    fi
  done
}

# e2e/*: Playwright drives Debian's Chromium; no browser is downloaded at install time.
need chromium /usr/bin/chromium
# e2e/tls-proxy.test.ts: its own nginx on loopback as the TLS proxy, with certificates from openssl.
need --service nginx /usr/sbin/nginx
need openssl /usr/bin/openssl
# hub/test/alertmanager.test.ts: Alertmanager on a free loopback port receives the hub's alerts.
need --service prometheus-alertmanager /usr/bin/prometheus-alertmanager
# hub/test/alerts-email.test.ts: Exim on two free loopback ports (STARTTLS, implicit TLS) takes the hub's alert mail.
need --service exim4-daemon-light /usr/sbin/exim4
# hub/test/prometheus.test.ts: Prometheus scrapes a real hub, promtool lints /metrics, and
# iproute2's `ip` makes the network namespace and veth pair. Its recommends are exporters
# the test does not want running.
need --bare --service prometheus /usr/bin/prometheus /usr/bin/promtool
need iproute2 /usr/bin/ip
# hub/test/agent-executables.test.ts: the executables stripped by each architecture's
# binutils; the linux-arm64 one runs under qemu-user with Debian's aarch64 glibc and libstdc++.
need qemu-user-static /usr/bin/qemu-aarch64-static
need libc6-arm64-cross /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1
need libstdc++6-arm64-cross /usr/aarch64-linux-gnu/lib/libstdc++.so.6
need binutils-aarch64-linux-gnu /usr/bin/aarch64-linux-gnu-strip
# hub/test/install-script.test.ts: curl fetches install.sh as the one-liner does, and
# systemd-analyze verifies the unit it writes.
need curl /usr/bin/curl
need systemd /usr/bin/systemd-analyze
# agent/src/collectors/linux-fs.test.ts: mkfs.ext4 makes the image with reserved blocks that the
# test loop-mounts (losetup and mount are util-linux and mount, always present).
need e2fsprogs /usr/sbin/mkfs.ext4
# hub/test/cluster*.test.ts: each test starts its own nats-server -js on a free loopback port.
need --service nats-server /usr/sbin/nats-server
# scripts/ci/trixie-node.sh (the runtime tests' Node on Debian 13's glibc, and the CI lanes):
# dpkg-deb unpacks Debian 13's libc6, libstdc++6 and libgcc-s1; patchelf points Node at them.
need dpkg /usr/bin/dpkg-deb
need patchelf /usr/bin/patchelf
# The runtime tests (issue "runtime") that run the hub on a real Debian 13 root: debootstrap
# makes the root, podman runs it (its dependencies bring an OCI runtime, crun or runc; its
# recommends uidmap, slirp4netns and fuse-overlayfs serve rootless use, catatonit is the
# container's init).
need debootstrap /usr/sbin/debootstrap
need podman /usr/bin/podman
# packaging/test/*: podman runs its containers with runc, as crun refuses this machine's
# hybrid cgroups; podman's dependency takes crun when it can.
need runc /usr/sbin/runc
need uidmap /usr/bin/newuidmap
need slirp4netns /usr/bin/slirp4netns
need fuse-overlayfs /usr/bin/fuse-overlayfs
need catatonit /usr/bin/catatonit

if (( ${#missing[@]} + ${#missing_bare[@]} > 0 )); then
  commands=()
  (( ${#missing[@]} )) && commands+=("apt-get install -y ${missing[*]}")
  (( ${#missing_bare[@]} )) && commands+=("apt-get install -y --no-install-recommends ${missing_bare[*]}")
  if [ "$(id -u)" != 0 ]; then
    joined=$(printf ' && %s' "${commands[@]}")
    echo "test-packages: missing Debian packages; as root run: apt-get update${joined}" >&2
    exit 1
  fi
  echo "test-packages: installing ${missing[*]} ${missing_bare[*]} from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Other apt runs on the machine (another checkout's tests) get to finish rather than fail this one.
  wait_lock=(-o DPkg::Lock::Timeout=600)
  apt-get "${wait_lock[@]}" update -qq
  (( ${#missing[@]} )) && apt-get "${wait_lock[@]}" install -y -qq "${missing[@]}" >/dev/null
  (( ${#missing_bare[@]} )) && apt-get "${wait_lock[@]}" install -y -qq --no-install-recommends "${missing_bare[@]}" >/dev/null
  for service in "${services[@]}"; do
    # Where an init system runs, the package starts its default service; the tests need none.
    invoke-rc.d "$service" stop >/dev/null 2>&1 || true
  done
fi

# npm's Node 22, 24 and 26 as published and patched onto Debian 13's glibc, and Debian 13's
# arm64 libraries: the runtime tests and the CI lanes run on them. Cached outside the checkout
# (about 20 s to make, a moment when cached).
bash "$(dirname "$0")/ci/trixie-node.sh" >/dev/null
