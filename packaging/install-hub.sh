#!/bin/sh
# hostpulse hub installer, shipped beside the release's artifacts:
#
#   sudo sh install-hub.sh                      # the executable for this machine, beside this script
#   sudo sh install-hub.sh --from hostpulse-hub-0.1.0-linux-x64.tar.gz   # or the tarball (runs on the host's Node)
#
# Checks the artifact against SHA256SUMS beside it, installs it (the executable as
# /usr/local/bin/hostpulse-hub; the tarball's tree as /opt/hostpulse-hub), creates the
# system user hostpulse-hub, the data dir /var/lib/hostpulse-hub, /etc/hostpulse/hub.env
# and, where systemd runs, installs and starts hostpulse-hub.service. Run it again to
# update: it replaces the hub and restarts it, and keeps hub.env and the data.
set -eu

FROM=
LISTEN=0.0.0.0
PORT=8080
PUBLIC_URL=
PREFIX=
SYSTEMD=auto
USER_NAME=hostpulse-hub

say() { printf 'hostpulse install: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}

usage() {
  cat <<EOF
usage: sh install-hub.sh [--from FILE] [--listen ADDRESS] [--port PORT] [--public-url URL] [--prefix DIR] [--no-systemd]

Installs the hostpulse hub and runs it as a systemd service.
  --from FILE        the hub executable (hostpulse-hub-linux-x64 or -arm64) or a tarball
                     (hostpulse-hub-VERSION-linux-ARCH.tar.gz, for the host's Node 20, 22 or 24);
                     default: the executable for this machine beside this script
  --listen ADDRESS   address the hub listens on (default 0.0.0.0; 127.0.0.1 behind a TLS proxy)
  --port PORT        port (default 8080)
  --public-url URL   the address users open, such as https://hostpulse.example.com
  --prefix DIR       install under DIR (DIR/usr/local/bin, DIR/etc, DIR/var/lib, ...),
                     create no user and start nothing
  --no-systemd       install no systemd unit; print how to run the hub instead
--listen, --port and --public-url go into hub.env on the first install; later runs keep it.
EOF
}

need_value() {
  [ "$2" -ge 2 ] || die "$1 needs a value (see --help)"
}

# Everything runs from main, called on the last line, so a file cut short runs nothing.
main() {
  while [ $# -gt 0 ]; do
    case $1 in
      --from) need_value "$1" $#; FROM=$2; shift 2 ;;
      --from=*) FROM=${1#*=}; shift ;;
      --listen) need_value "$1" $#; LISTEN=$2; shift 2 ;;
      --listen=*) LISTEN=${1#*=}; shift ;;
      --port) need_value "$1" $#; PORT=$2; shift 2 ;;
      --port=*) PORT=${1#*=}; shift ;;
      --public-url) need_value "$1" $#; PUBLIC_URL=$2; shift 2 ;;
      --public-url=*) PUBLIC_URL=${1#*=}; shift ;;
      --prefix) need_value "$1" $#; PREFIX=$2; shift 2 ;;
      --prefix=*) PREFIX=${1#*=}; shift ;;
      --no-systemd) SYSTEMD=no; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option '$1' (see --help)" ;;
    esac
  done

  # Values land in hub.env and the unit unquoted, so each is held to a safe alphabet.
  case $LISTEN in '' | *[!0-9A-Za-z.:-]*) die "--listen must be an IP address or host name, got '$LISTEN'" ;; esac
  case $PORT in '' | *[!0-9]*) die "--port must be a number, got '$PORT'" ;; esac
  case $PUBLIC_URL in '' | http://* | https://*) ;; *) die "--public-url must be an http:// or https:// URL, got '$PUBLIC_URL'" ;; esac
  case $PUBLIC_URL in *[!]A-Za-z0-9.:/_~%[-]*) die "--public-url '$PUBLIC_URL' holds a character a URL here may not" ;; esac
  case $PREFIX in *[!A-Za-z0-9._/-]*) die "--prefix may hold only letters, digits and . _ / -" ;; esac
  case $PREFIX in '' | /*) ;; *) PREFIX=$(pwd)/$PREFIX ;; esac
  PREFIX=${PREFIX%/}

  [ "$(uname -s)" = Linux ] || die "the hub's release is for Linux; this is $(uname -s)"
  case $(uname -m) in
    x86_64 | amd64) ARCH=x64 ;;
    aarch64 | arm64) ARCH=arm64 ;;
    *) die "the release has hubs for x86_64 and aarch64, not $(uname -m)" ;;
  esac

  HERE=$(cd "$(dirname "$0")" && pwd)
  [ -n "$FROM" ] || FROM=$HERE/hostpulse-hub-linux-$ARCH
  [ -f "$FROM" ] || die "no $FROM: give the hub executable or tarball with --from"
  case $FROM in
    *.tar.gz) KIND=tarball ;;
    *) KIND=executable ;;
  esac
  case $FROM in *linux-$ARCH | *linux-$ARCH.tar.gz) ;; *) die "$FROM is not for this machine (linux-$ARCH)" ;; esac

  # The checksum, when SHA256SUMS is beside the file (it is in a release).
  sums=$(dirname "$FROM")/SHA256SUMS
  name=$(basename "$FROM")
  if [ -f "$sums" ]; then
    expected=$(awk -v f="$name" '$2 == f || $2 == "*" f { print $1; exit }' "$sums")
    [ -n "$expected" ] || die "$sums lists no $name; nothing was installed"
    actual=$(sha256sum "$FROM" | cut -d ' ' -f 1)
    [ "$actual" = "$expected" ] || die "checksum mismatch for $name: SHA256SUMS says $expected, the file is $actual; nothing was installed"
  else
    say "no SHA256SUMS beside $name: its checksum is not checked"
  fi

  BIN=$PREFIX/usr/local/bin/hostpulse-hub
  APP_DIR=$PREFIX/opt/hostpulse-hub
  ETC_DIR=$PREFIX/etc/hostpulse
  ENV_FILE=$ETC_DIR/hub.env
  DATA_DIR=$PREFIX/var/lib/hostpulse-hub
  CACHE_DIR=$PREFIX/var/cache/hostpulse-hub
  UNIT_DIR=$PREFIX/etc/systemd/system

  if [ "$KIND" = tarball ]; then
    NODE=$(command -v node) || die "the tarball runs on the host's Node (20, 22 or 24) and none is on PATH: install Node, or use the hub executable"
    case $("$NODE" --version) in
      v20.* | v22.* | v24.*) ;;
      *) die "the tarball runs on Node 20, 22 or 24; $NODE is $("$NODE" --version). Use the hub executable instead" ;;
    esac
    EXEC_START="$NODE $APP_DIR/hostpulse-hub.mjs"
  else
    EXEC_START=$BIN
  fi

  { mkdir -p "$PREFIX/usr/local/bin" "$PREFIX/opt" "$ETC_DIR" && [ -w "$PREFIX/usr/local/bin" ] && [ -w "$ETC_DIR" ]; } 2>/dev/null ||
    die "cannot write to $PREFIX/usr/local/bin and $ETC_DIR: run as root (sudo sh), or give --prefix; nothing was installed"

  # The service's user, with no login and no home: the data dir must hold only the hub's files.
  if [ -n "$PREFIX" ]; then
    OWNER=$(id -un)
    say "--prefix: no user created; $OWNER owns the data dir"
  else
    OWNER=$USER_NAME
    if ! id "$USER_NAME" >/dev/null 2>&1; then
      useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$USER_NAME" || die "useradd $USER_NAME failed"
      say "created system user $USER_NAME"
    fi
  fi
  install -d -m 0750 -o "$OWNER" -g "$(id -gn "$OWNER")" "$DATA_DIR"
  if [ "$KIND" = executable ]; then install -d -m 0750 -o "$OWNER" -g "$(id -gn "$OWNER")" "$CACHE_DIR"; fi

  if [ "$KIND" = tarball ]; then
    rm -rf "$APP_DIR.new" "$APP_DIR.old"
    mkdir "$APP_DIR.new"
    tar -xzf "$FROM" -C "$APP_DIR.new" --strip-components=1 --no-same-owner || die "could not unpack $FROM; nothing was installed"
    if [ -d "$APP_DIR" ]; then mv "$APP_DIR" "$APP_DIR.old"; fi
    mv "$APP_DIR.new" "$APP_DIR"
    rm -rf "$APP_DIR.old"
  else
    cp "$FROM" "$BIN.new"
    chmod 0755 "$BIN.new"
    mv -f "$BIN.new" "$BIN"
  fi

  if [ -f "$ENV_FILE" ]; then
    say "kept the settings in $ENV_FILE"
  else
    (
      umask 027
      {
        echo "HOSTPULSE_HOST=$LISTEN"
        echo "HOSTPULSE_PORT=$PORT"
        echo "HOSTPULSE_DATA_DIR=$DATA_DIR"
        # Where the executable unpacks its files on the first start of each build.
        if [ "$KIND" = executable ]; then echo "HOSTPULSE_CACHE_DIR=$CACHE_DIR"; fi
        if [ -n "$PUBLIC_URL" ]; then echo "HOSTPULSE_PUBLIC_URL=$PUBLIC_URL"; fi
      } >"$ENV_FILE.new"
      chgrp "$(id -gn "$OWNER")" "$ENV_FILE.new"
      mv -f "$ENV_FILE.new" "$ENV_FILE"
    )
    say "wrote the settings to $ENV_FILE (readable by root and $OWNER only)"
  fi

  # As the service's user, so the executable unpacks its files where the service finds them.
  as_owner() {
    if [ -n "$PREFIX" ]; then "$@"; else setpriv --reuid="$USER_NAME" --regid="$USER_NAME" --init-groups "$@"; fi
  }
  # Its stderr (the executable's unpacking, or why it cannot run) goes to the user as it comes.
  version=$(as_owner sh -c "set -a && . '$ENV_FILE' && exec $EXEC_START --version") || die "the installed hub does not run here (see above)"
  say "installed $version from $name"

  run_command="sh -c 'set -a && . $ENV_FILE && exec $EXEC_START'"
  tokens_command="sh -c 'set -a && . $ENV_FILE && exec $EXEC_START --print-tokens'"
  if [ -z "$PREFIX" ]; then
    run_command="sudo runuser -u $USER_NAME -- $run_command"
    tokens_command="sudo runuser -u $USER_NAME -- $tokens_command"
  fi
  if [ "$SYSTEMD" = auto ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    mkdir -p "$UNIT_DIR"
    cat >"$UNIT_DIR/hostpulse-hub.service" <<EOF
[Unit]
Description=hostpulse hub: live host metrics from agents to dashboards
Wants=network-online.target
After=network-online.target

[Service]
EnvironmentFile=$ENV_FILE
ExecStart=$EXEC_START
User=$OWNER
Group=$(id -gn "$OWNER")
# Started again 5 s after it ends with an error; journalctl -u hostpulse-hub says why.
Restart=on-failure
RestartSec=5
# SIGTERM: it closes every socket and flushes the database before it exits.
TimeoutStopSec=30
# Every agent and dashboard holds a socket, one descriptor each; systemd's default soft limit is 1024.
LimitNOFILE=65536
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
ReadWritePaths=$DATA_DIR$([ "$KIND" = executable ] && printf ' %s' "$CACHE_DIR")

[Install]
WantedBy=multi-user.target
EOF
    if [ -n "$PREFIX" ]; then
      say "wrote $UNIT_DIR/hostpulse-hub.service; not started, as --prefix installs beside the system"
    else
      systemctl daemon-reload || die "systemctl daemon-reload failed"
      systemctl enable --quiet hostpulse-hub || die "systemctl enable hostpulse-hub failed"
      # restart, not start: a hub already running from an earlier install takes the new build.
      systemctl restart hostpulse-hub || die "hostpulse-hub.service did not start; see: journalctl -u hostpulse-hub"
      say "started hostpulse-hub.service; follow it with: journalctl -u hostpulse-hub -f"
    fi
    first_start="journalctl -u hostpulse-hub"
  else
    say "no systemd unit installed; run the hub with:"
    printf '  %s\n' "$run_command"
    first_start="its output"
  fi

  url=$PUBLIC_URL
  if [ -z "$url" ]; then
    case $LISTEN in
      0.0.0.0 | ::) address=$(hostname -I 2>/dev/null | cut -d ' ' -f 1) || true ;;
      *) address=$LISTEN ;;
    esac
    url=http://${address:-$(uname -n)}:$PORT/
  fi
  cat <<EOF

  hostpulse hub: open $url
  It makes its agent and admin tokens at its first start ($first_start shows them) and
  keeps them in $DATA_DIR/hostpulse-tokens.json; to see them again:
    $tokens_command
  Add the first host: Add host on the dashboard gives the command, or run on that host:
    curl -fsSL ${url%/}/install.sh | sudo sh -s -- --token AGENT_TOKEN
  Plain http:// to another machine sends the token unencrypted: put the hub behind a TLS proxy
  (--public-url https://...), or add --insecure to that command.
EOF
}

main "$@"
