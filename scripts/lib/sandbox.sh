# Shell functions for the private Docker engine and registry the tests, the demo and the benchmark
# use. Source this file; nothing here touches /var/run/docker.sock or the host's own engine.
#
#   sandbox_install_packages [--with-browser] [--with-socat]   apt packages the sandbox needs (only what is missing)
#   sandbox_start_engine DIR [FLAG…]  dockerd with data-root, exec-root, pidfile and socket in DIR;
#                                     exports DOCKER_HOST=unix://DIR/docker.sock; extra dockerd flags
#                                     follow (e.g. a TLS listener: --tlsverify … -H tcp://127.0.0.1:PORT)
#   sandbox_stop_engine DIR           stops it by the PID in its pidfile
#   sandbox_import_base               imports local/busybox:1 from a busybox-static rootfs tar
#   sandbox_build_fixtures DIR        the seed images the tests and the demo use
#   sandbox_start_registry DIR PORT USER PASS / sandbox_stop_registry DIR
#   sandbox_install_postgres          Debian's PostgreSQL server binaries, when missing
#   sandbox_start_postgres DIR PORT   a private PostgreSQL cluster (initdb in DIR/postgres, trust auth,
#                                     127.0.0.1:PORT only); exports SANDBOX_POSTGRES_URL_BASE
#                                     (postgresql://postgres@127.0.0.1:PORT, no database name)
#   sandbox_stop_postgres DIR         stops it (pg_ctl, then the postmaster's PID)

sandbox_log() { printf '[sandbox] %s\n' "$*" >&2; }

sandbox_install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
  # The registry token-auth test makes its signing certificate with openssl.
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  # The layer analysis is also tested against a private Podman serving the Docker API.
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  # Engines reached over ssh are tested through a private sshd on 127.0.0.1 (lib/testing/sshd.ts).
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  # Uploads into an engine are moved from the client's socket to the engine's by pv (lib/docker/upload-pump.ts).
  command -v pv >/dev/null 2>&1 || missing+=(pv)
  local flag
  for flag in "$@"; do
    case "$flag" in
      --with-browser) command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
      # The transfers benchmark's native relay.
      --with-socat) command -v socat >/dev/null 2>&1 || missing+=(socat) ;;
    esac
  done
  sandbox_apt_install "${missing[@]}"
}

# apt-get install of the packages given (none: nothing to do), as root or with sudo.
sandbox_apt_install() {
  local missing=("$@")
  ((${#missing[@]})) || return 0
  sandbox_log "installing ${missing[*]} with apt-get"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  # openssh-server's postinst would start a system sshd on port 22 (and enable it under systemd);
  # the tests start their own. Where no policy-rc.d says otherwise, one forbids service starts for
  # the length of the install, and the unit is disabled after it.
  local blocked_services=0
  if [[ " ${missing[*]} " == *" openssh-server "* ]] && [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod 755 /usr/sbin/policy-rc.d
    blocked_services=1
  fi
  local status=0
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || status=$?
  if [ "$blocked_services" = 1 ]; then
    $sudo rm -f /usr/sbin/policy-rc.d
    if [ -d /run/systemd/system ]; then $sudo systemctl disable --now ssh.service ssh.socket >/dev/null 2>&1 || true; fi
  fi
  return "$status"
}

# A docker CLI is not needed by the dashboard itself; the harness uses the one on PATH (Debian's
# docker.io ships one) to build fixtures the way a user would.
sandbox_docker() { docker "$@"; }

# `docker build -q -f DOCKERFILE -t TAG... CONTEXT`, sent to the engine's API (POST /build) instead of
# through the CLI. The fixtures need the classic builder, whose per-step intermediate images the
# history alignment reads; Debian's docker.io has no buildx, and without it the CLI prints "DEPRECATED:
# The legacy builder is deprecated" on every build, DOCKER_BUILDKIT=0 included. The API builds with
# the classic builder unless asked for BuildKit (version=2) and prints nothing. Errors arrive inside
# the 200 stream as {"error": ...}.
# Usage: sandbox_build CONTEXT DOCKERFILE TAG...
sandbox_build() {
  local context="$1" dockerfile="$2"
  shift 2
  tar -C "$context" -cf - . | node -e '
    const http = require("node:http");
    const [host, dockerfile, ...tags] = process.argv.slice(1);
    if (!host.startsWith("unix://")) { console.error("sandbox_build needs a unix:// DOCKER_HOST, not " + host); process.exit(1); }
    const query = new URLSearchParams({ dockerfile, q: "1", rm: "1", forcerm: "1" });
    for (const tag of tags) query.append("t", tag);
    const request = http.request(
      { socketPath: host.slice(7), method: "POST", path: "/build?" + query, headers: { "Content-Type": "application/x-tar" } },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => {
          if (response.statusCode !== 200) {
            console.error(`building ${tags.join(", ")} failed (${response.statusCode}): ${body.trim()}`);
            process.exit(1);
          }
          const failure = body.split("\n").filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.error);
          if (failure) {
            console.error(`building ${tags.join(", ")} failed: ${failure.error}`);
            process.exit(1);
          }
        });
      },
    );
    request.on("error", (error) => { console.error(`building ${tags.join(", ")}: ${error.message}`); process.exit(1); });
    process.stdin.pipe(request);
  ' "$DOCKER_HOST" "$dockerfile" "$@"
}

sandbox_start_engine() {
  local dir="$1"
  shift
  mkdir -p "$dir"
  if [ -f "$dir/dockerd.pid" ] && kill -0 "$(cat "$dir/dockerd.pid")" 2>/dev/null; then
    export DOCKER_HOST="unix://$dir/docker.sock"
    return 0
  fi
  # --bridge=none/--iptables=false: the sandbox must not change the host's network.
  dockerd --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    --host "unix://$dir/docker.sock" --bridge=none --iptables=false --ip-masq=false "$@" \
    >"$dir/dockerd.log" 2>&1 &
  export DOCKER_HOST="unix://$dir/docker.sock"
  local i
  for i in $(seq 1 120); do
    if docker version >/dev/null 2>&1; then
      sandbox_log "private engine up at $DOCKER_HOST"
      return 0
    fi
    sleep 0.5
  done
  sandbox_log "dockerd did not start; its log follows"
  tail -n 40 "$dir/dockerd.log" >&2
  return 1
}

sandbox_stop_engine() {
  local dir="$1" pid
  [ -f "$dir/dockerd.pid" ] || return 0
  pid=$(cat "$dir/dockerd.pid")
  kill "$pid" 2>/dev/null || return 0
  local i
  for i in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
}

# Seed 001's "local template": a root filesystem made from busybox-static, imported as an image.
sandbox_import_base() {
  if docker image inspect local/busybox:1 >/dev/null 2>&1; then return 0; fi
  local r
  r=$(mktemp -d)
  mkdir -p "$r/rootfs/bin" "$r/rootfs/tmp" "$r/rootfs/etc" "$r/rootfs/home" "$r/rootfs/root"
  cp /bin/busybox "$r/rootfs/bin/"
  local c
  for c in $(/bin/busybox --list); do
    [ "$c" = busybox ] || ln -s busybox "$r/rootfs/bin/$c"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$r/rootfs/etc/passwd"
  echo 'root:x:0:' >"$r/rootfs/etc/group"
  tar -C "$r/rootfs" -cf "$r/base.tar" .
  docker import -m "busybox-static root filesystem" -c 'CMD ["sh"]' "$r/base.tar" local/busybox:1 >/dev/null
  rm -rf "$r"
  sandbox_log "imported local/busybox:1"
}

# The images the tests and the demo are built on (the seeds' examples, on the private engine):
#   seed/fat:1         seed 000: one RUN writes a 50 MB file, the next RUN deletes it; the image
#                      stays as big (the deletion is a whiteout in a 0-byte layer)
#   seed/fat:loaded    the same image after save -> rmi -> load: history IDs are <missing>
#   seed/entry:1       ENTRYPOINT + CMD, ENV, EXPOSE, VOLUME, WORKDIR, USER, LABEL, HEALTHCHECK
#   seed/web:1, :2     two images sharing the base and one RUN layer (layer sharing)
#   seed/app:1         built twice: the rebuild took the tag, so the first build is left dangling
#                      (<none>:<none>, 4 MB of its own), the example for the Dangling filter and prune
sandbox_build_fixtures() {
  local work="$1/fixtures"
  rm -rf "$work" && mkdir -p "$work"
  sandbox_import_base

  mkdir -p "$work/fat"
  cat >"$work/fat/Dockerfile" <<'DOCKERFILE'
FROM local/busybox:1
WORKDIR /data
RUN dd if=/dev/zero of=/data/big.bin bs=1M count=50
RUN rm /data/big.bin
CMD ["ls", "-la", "/data"]
DOCKERFILE
  sandbox_build "$work/fat" Dockerfile seed/fat:1

  mkdir -p "$work/entry"
  cat >"$work/entry/Dockerfile" <<'DOCKERFILE'
FROM local/busybox:1
LABEL org.opencontainers.image.title="entry demo" maintainer="ops@example.com"
ENV GREETING=hello APP_HOME=/app
WORKDIR /app
RUN echo 'echo "$GREETING from $0 with args: $*"' > /app/run.sh && chmod +x /app/run.sh
EXPOSE 8080/tcp 9090/udp
VOLUME ["/app/data"]
USER root
HEALTHCHECK --interval=30s --timeout=3s CMD ["true"]
ONBUILD RUN echo child build
ENTRYPOINT ["/bin/sh", "/app/run.sh"]
CMD ["--port", "8080"]
DOCKERFILE
  sandbox_build "$work/entry" Dockerfile seed/entry:1

  mkdir -p "$work/web"
  cat >"$work/web/Dockerfile.1" <<'DOCKERFILE'
FROM local/busybox:1
RUN mkdir -p /www && echo '<h1>shared</h1>' > /www/index.html
RUN echo v1 > /www/version
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
DOCKERFILE
  cat >"$work/web/Dockerfile.2" <<'DOCKERFILE'
FROM local/busybox:1
RUN mkdir -p /www && echo '<h1>shared</h1>' > /www/index.html
RUN echo v2-longer-version-file > /www/version
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
DOCKERFILE
  sandbox_build "$work/web" Dockerfile.1 seed/web:1
  sandbox_build "$work/web" Dockerfile.2 seed/web:2 seed/web:latest

  # How dangling images come about: a rebuild under the same tag moves the tag to the new image.
  mkdir -p "$work/app"
  local build
  for build in 1 2; do
    cat >"$work/app/Dockerfile.$build" <<DOCKERFILE
FROM local/busybox:1
RUN mkdir /app && dd if=/dev/zero of=/app/data.bin bs=1M count=4 && echo "build $build" > /app/build
CMD ["cat", "/app/build"]
DOCKERFILE
    sandbox_build "$work/app" "Dockerfile.$build" seed/app:1
  done

  # A loaded image has no parent chain, so every history step but the top is <missing>: the case
  # where only the image config's empty_layer flags tell which steps made layers.
  mkdir -p "$work/loaded"
  cat >"$work/loaded/Dockerfile" <<'DOCKERFILE'
FROM local/busybox:1
WORKDIR /cache
RUN dd if=/dev/zero of=/cache/blob.bin bs=1M count=20
RUN rm /cache/blob.bin
ENV MODE=loaded
CMD ["ls", "/cache"]
DOCKERFILE
  sandbox_build "$work/loaded" Dockerfile seed/loaded:1
  docker save -o "$work/loaded.tar" seed/loaded:1
  docker rmi seed/loaded:1 >/dev/null
  docker load -q -i "$work/loaded.tar" >/dev/null
  rm -rf "$work"
  sandbox_log "built fixture images"
}

sandbox_start_registry() {
  local dir="$1" port="$2" user="$3" pass="$4"
  mkdir -p "$dir/registry-data"
  htpasswd -Bbc "$dir/htpasswd" "$user" "$pass" >/dev/null 2>&1
  cat >"$dir/registry.yml" <<YML
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $dir/registry-data }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$port }
auth: { htpasswd: { realm: sandbox, path: $dir/htpasswd } }
YML
  docker-registry serve "$dir/registry.yml" >"$dir/registry.log" 2>&1 &
  echo $! >"$dir/registry.pid"
  local i
  for i in $(seq 1 50); do
    # Ready when /v2/ answers at all (401 without credentials).
    if node -e 'require("http").get(process.argv[1], (r) => process.exit(r.statusCode === 401 ? 0 : 1)).on("error", () => process.exit(1))' \
      "http://127.0.0.1:$port/v2/"; then
      sandbox_log "registry up at 127.0.0.1:$port"
      return 0
    fi
    sleep 0.2
  done
  sandbox_log "the registry did not start; its log follows"
  tail -n 20 "$dir/registry.log" >&2
  return 1
}

sandbox_stop_registry() {
  local dir="$1"
  [ -f "$dir/registry.pid" ] && kill "$(cat "$dir/registry.pid")" 2>/dev/null
  rm -f "$dir/registry.pid"
}

# Debian 12 ships PostgreSQL 15 under /usr/lib/postgresql/<major>/bin (not on PATH). The package
# also creates a default cluster on port 5432; the sandbox never uses or starts it.
sandbox_postgres_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && echo "$dir"
  done | sort -V | tail -n 1
}

sandbox_install_postgres() {
  [ -n "$(sandbox_postgres_bin)" ] && return 0
  sandbox_log "installing postgresql with apt-get"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}

# initdb refuses to run as root: as root the cluster belongs to the postgres user the package
# creates; as anyone else, to that user.
sandbox_postgres_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

sandbox_start_postgres() {
  local dir="$1" port="$2" bin
  bin=$(sandbox_postgres_bin)
  [ -n "$bin" ] || { sandbox_log "no PostgreSQL server found (sandbox_install_postgres)"; return 1; }
  mkdir -p "$dir/postgres"
  if [ "$(id -u)" = 0 ]; then
    # The postgres user must reach DIR/postgres: DIR is often a mktemp -d (mode 0700).
    chmod a+x "$dir"
    chown postgres "$dir/postgres"
  fi
  if [ ! -f "$dir/postgres/data/PG_VERSION" ]; then
    sandbox_postgres_as "$bin/initdb" -D "$dir/postgres/data" -A trust -U postgres --no-sync >"$dir/postgres/initdb.log" 2>&1 || {
      sandbox_log "initdb failed; its log follows"
      tail -n 20 "$dir/postgres/initdb.log" >&2
      return 1
    }
  fi
  # A test cluster: no fsync (nothing must survive a crash), the socket in DIR, TCP on 127.0.0.1 only.
  sandbox_postgres_as "$bin/pg_ctl" -D "$dir/postgres/data" -l "$dir/postgres/server.log" -w -t 60 \
    -o "-p $port -k $dir/postgres -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || {
    sandbox_log "PostgreSQL did not start; its log follows"
    tail -n 20 "$dir/postgres/server.log" >&2
    return 1
  }
  export SANDBOX_POSTGRES_URL_BASE="postgresql://postgres@127.0.0.1:$port"
  sandbox_log "private PostgreSQL up at 127.0.0.1:$port"
}

sandbox_stop_postgres() {
  local dir="$1" bin pid
  [ -f "$dir/postgres/data/postmaster.pid" ] || return 0
  pid=$(head -n 1 "$dir/postgres/data/postmaster.pid")
  bin=$(sandbox_postgres_bin)
  if [ -n "$bin" ]; then
    sandbox_postgres_as "$bin/pg_ctl" -D "$dir/postgres/data" -m fast -w -t 30 stop >/dev/null 2>&1 && return 0
  fi
  kill "$pid" 2>/dev/null || return 0
  local i
  for i in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
}
