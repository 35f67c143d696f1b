#!/bin/sh
# hostpulse agent installer, served by a hostpulse hub at /install.sh:
#
#   curl -fsSL https://hub.example.com/install.sh | sudo sh -s -- --token TOKEN
#
# Downloads the agent executable for this machine from the hub, checks it against the
# hub's SHA256SUMS, installs it as /usr/local/bin/hostpulse-agent, writes
# /etc/hostpulse/agent.env (mode 0600: the token) and, where systemd runs, installs
# and starts hostpulse-agent.service. Run it again to update; it replaces only its own files.
set -eu

# The hub that served this script; --hub overrides it.
HUB=@HOSTPULSE_HUB_URL@
TOKEN=
HOST_ID=
PREFIX=
SYSTEMD=auto
INSECURE=0

say() { printf 'hostpulse install: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}

usage() {
  cat <<EOF
usage: sh install.sh [--token TOKEN] [--host-id ID] [--hub URL] [--prefix DIR] [--no-systemd] [--insecure]

Installs the hostpulse agent from $HUB and connects it to that hub.
  --token TOKEN   the hub's agent token (its --agent-token, or this host's line of --agent-tokens-file);
                  kept from an earlier install when not given
  --host-id ID    the host id to report (default: hostname plus a hash of /etc/machine-id)
  --hub URL       the hub, http:// or https:// (default: $HUB)
  --prefix DIR    install under DIR (DIR/usr/local/bin, DIR/etc/hostpulse) and start nothing
  --no-systemd    install no systemd unit; print how to run the agent instead
  --insecure      allow a plain http:// hub that is not on this machine (the token then
                  crosses the network unencrypted)
EOF
}

need_value() {
  [ "$2" -ge 2 ] || die "$1 needs a value (see --help)"
}

# Everything runs from main, called on the last line: sh reads the whole script before
# doing anything, so a download cut short runs nothing, and a script that stops early
# does not leave curl writing into a closed pipe.
main() {
  while [ $# -gt 0 ]; do
    case $1 in
      --token) need_value "$1" $#; TOKEN=$2; shift 2 ;;
      --token=*) TOKEN=${1#*=}; shift ;;
      --host-id) need_value "$1" $#; HOST_ID=$2; shift 2 ;;
      --host-id=*) HOST_ID=${1#*=}; shift ;;
      --hub) need_value "$1" $#; HUB=$2; shift 2 ;;
      --hub=*) HUB=${1#*=}; shift ;;
      --prefix) need_value "$1" $#; PREFIX=$2; shift 2 ;;
      --prefix=*) PREFIX=${1#*=}; shift ;;
      --no-systemd) SYSTEMD=no; shift ;;
      --insecure) INSECURE=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
  done

  # Values go into agent.env and a unit file unquoted, so each is held to a safe alphabet.
  case $TOKEN in *[!A-Za-z0-9._~+/=-]*) die "--token may hold only letters, digits and . _ ~ + / = -" ;; esac
  case $HOST_ID in *[!A-Za-z0-9._-]*) die "--host-id may hold only letters, digits and . _ -" ;; esac
  case $HUB in *[!]A-Za-z0-9.:/_~%[-]*) die "--hub '$HUB' holds a character a URL here may not" ;; esac
  case $PREFIX in *[!A-Za-z0-9._/-]*) die "--prefix may hold only letters, digits and . _ / -" ;; esac
  case $PREFIX in '' | /*) ;; *) PREFIX=$(pwd)/$PREFIX ;; esac
  PREFIX=${PREFIX%/}

  HUB=${HUB%/}
  case $HUB in
    http://*) rest=${HUB#http://} ;;
    https://*) rest=${HUB#https://} ;;
    *) die "--hub must be an http:// or https:// URL, got '$HUB'" ;;
  esac
  authority=${rest%%/*}
  case $authority in
    \[*) host=${authority%%]*}] ;;
    *) host=${authority%%:*} ;;
  esac
  [ -n "$host" ] || die "--hub '$HUB' names no host"
  case $host in
    localhost | 127.* | '[::1]') loopback=1 ;;
    *) loopback=0 ;;
  esac
  if [ "${HUB%%://*}" = http ] && [ "$loopback" = 0 ] && [ "$INSECURE" = 0 ]; then
    die "refusing plain http:// to $host: the agent and its token would cross the network unencrypted. Put the hub behind a TLS proxy and use https:// (see docs/deploy-tls.md in hostpulse), or add --insecure"
  fi
  # The agent speaks WebSocket to the same place: http -> ws, https -> wss.
  AGENT_HUB=ws${HUB#http}

  [ "$(uname -s)" = Linux ] || die "the agent executables are for Linux; this is $(uname -s). Run the agent with Node.js 20 or later instead (agent/dist/hostpulse-agent.mjs)"
  case $(uname -m) in
    x86_64 | amd64) ARCH=x64 ;;
    aarch64 | arm64) ARCH=arm64 ;;
    *) die "the hub has executables for x86_64 and aarch64, not $(uname -m). Run the agent with Node.js 20 or later instead (agent/dist/hostpulse-agent.mjs)" ;;
  esac
  FILE=hostpulse-agent-linux-$ARCH

  BIN_DIR=$PREFIX/usr/local/bin
  ETC_DIR=$PREFIX/etc/hostpulse
  UNIT_DIR=$PREFIX/etc/systemd/system
  BIN=$BIN_DIR/hostpulse-agent
  ENV_FILE=$ETC_DIR/agent.env

  if command -v curl >/dev/null 2>&1; then
    # --compressed: the hub sends the executables gzipped (about a third of their size) to clients that ask.
    fetch() { curl -fsSL --compressed --proto '=http,https' -o "$2" "$1"; }
  elif command -v wget >/dev/null 2>&1; then
    fetch() { wget -q -O "$2" "$1"; }
  else
    die "needs curl or wget to download the agent"
  fi
  if command -v sha256sum >/dev/null 2>&1; then
    sha256() { sha256sum "$1" | cut -d ' ' -f 1; }
  elif command -v shasum >/dev/null 2>&1; then
    sha256() { shasum -a 256 "$1" | cut -d ' ' -f 1; }
  elif command -v openssl >/dev/null 2>&1; then
    sha256() { openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1; }
  else
    die "needs sha256sum, shasum or openssl to check the download"
  fi

  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  trap 'exit 1' INT TERM

  say "downloading $FILE from $HUB"
  fetch "$HUB/download/agent/SHA256SUMS" "$TMP/SHA256SUMS" || die "could not download $HUB/download/agent/SHA256SUMS (has the hub built its agent executables? npm run build:sea)"
  fetch "$HUB/download/agent/linux-$ARCH" "$TMP/$FILE" || die "could not download $HUB/download/agent/linux-$ARCH"
  expected=$(awk -v f="$FILE" '$2 == f || $2 == "*" f { print $1; exit }' "$TMP/SHA256SUMS")
  [ -n "$expected" ] || die "the hub's SHA256SUMS lists no $FILE; nothing was installed"
  actual=$(sha256 "$TMP/$FILE")
  [ "$actual" = "$expected" ] || die "checksum mismatch for $FILE: SHA256SUMS says $expected, the download is $actual; nothing was installed"
  chmod 0755 "$TMP/$FILE"
  version=$("$TMP/$FILE" --version 2>&1) || die "the downloaded agent does not run here: $version; nothing was installed"

  # An earlier install's token is kept when none is given.
  if [ -z "$TOKEN" ] && [ -f "$ENV_FILE" ]; then TOKEN=$(sed -n 's/^HOSTPULSE_TOKEN=//p' "$ENV_FILE"); fi

  { mkdir -p "$BIN_DIR" "$ETC_DIR" && [ -w "$BIN_DIR" ] && [ -w "$ETC_DIR" ]; } 2>/dev/null ||
    die "cannot write to $BIN_DIR and $ETC_DIR: run as root (sudo sh), or give --prefix; nothing was installed"
  cp "$TMP/$FILE" "$BIN.new"
  mv -f "$BIN.new" "$BIN"
  (
    umask 077
    {
      echo "HOSTPULSE_HUB=$AGENT_HUB"
      if [ -n "$TOKEN" ]; then echo "HOSTPULSE_TOKEN=$TOKEN"; fi
      if [ -n "$HOST_ID" ]; then echo "HOSTPULSE_HOST_ID=$HOST_ID"; fi
    } >"$ENV_FILE.new"
    chmod 0600 "$ENV_FILE.new"
    mv -f "$ENV_FILE.new" "$ENV_FILE"
  )
  say "installed hostpulse-agent $version as $BIN; settings in $ENV_FILE (mode 0600)"

  if [ "$SYSTEMD" = auto ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    mkdir -p "$UNIT_DIR"
    cat >"$UNIT_DIR/hostpulse-agent.service" <<EOF
[Unit]
Description=hostpulse agent: pushes this host's metrics to a hostpulse hub
Wants=network-online.target
After=network-online.target

[Service]
# HOSTPULSE_HUB, HOSTPULSE_TOKEN: mode 0600 keeps the token out of ps and this file.
EnvironmentFile=$ENV_FILE
ExecStart=$BIN
# An unreachable hub never ends the agent; a refused token or a bad flag exits 1.
Restart=on-failure
RestartSec=30
# It reads /proc, /sys and /etc/machine-id and calls statfs: no privileges needed.
DynamicUser=yes
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes

[Install]
WantedBy=multi-user.target
EOF
    if [ -n "$PREFIX" ]; then
      say "wrote $UNIT_DIR/hostpulse-agent.service; not started, as --prefix installs beside the system"
    else
      systemctl daemon-reload || die "systemctl daemon-reload failed"
      systemctl enable --quiet hostpulse-agent || die "systemctl enable hostpulse-agent failed"
      # restart, not start: an agent already running from an earlier install takes the new executable.
      systemctl restart hostpulse-agent || die "hostpulse-agent.service did not start; see: journalctl -u hostpulse-agent"
      say "started hostpulse-agent.service; follow it with: journalctl -u hostpulse-agent -f"
    fi
  else
    say "no systemd unit installed; run the agent with:"
    printf '  sh -c '\''set -a && . %s && exec %s'\''\n' "$ENV_FILE" "$BIN"
  fi
}

main "$@"
