import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  hasBindMount,
  joinCommandLine,
  launchSpecErrors,
  parsePortBinding,
  parseVolume,
  previewProcess,
  splitCommandLine,
  toCreateRequest,
} from "@/lib/containers/launch";

const entryImage = { entrypoint: ["/bin/sh", "/app/run.sh"], cmd: ["--port", "8080"] };

describe("previewProcess", () => {
  test("the image's ENTRYPOINT followed by its CMD by default", () => {
    const preview = previewProcess(entryImage, {});
    assert.deepEqual(preview.argv, ["/bin/sh", "/app/run.sh", "--port", "8080"]);
    assert.equal(preview.entrypoint.source, "image");
    assert.equal(preview.cmd.source, "image");
  });

  test("a run-time command replaces CMD and keeps ENTRYPOINT", () => {
    const preview = previewProcess(entryImage, { cmd: ["--verbose"] });
    assert.deepEqual(preview.argv, ["/bin/sh", "/app/run.sh", "--verbose"]);
    assert.equal(preview.cmd.source, "run");
    assert.match(preview.notes.join(" "), /replaces the image's CMD \(--port 8080\), not its ENTRYPOINT/);
  });

  test("an entrypoint override drops the image's CMD", () => {
    const preview = previewProcess(entryImage, { entrypoint: ["env"] });
    assert.deepEqual(preview.argv, ["env"]);
    assert.equal(preview.cmd.source, "dropped");
    assert.deepEqual(preview.cmd.value, ["--port", "8080"]);
  });

  test("an override with a command runs both", () => {
    assert.deepEqual(previewProcess(entryImage, { entrypoint: ["echo"], cmd: ["a", "b"] }).argv, ["echo", "a", "b"]);
  });

  test("a cleared entrypoint leaves the command alone, or nothing", () => {
    assert.deepEqual(previewProcess(entryImage, { entrypoint: [], cmd: ["ls"] }).argv, ["ls"]);
    const none = previewProcess(entryImage, { entrypoint: [] });
    assert.deepEqual(none.argv, []);
    assert.equal(none.entrypoint.source, "cleared");
    assert.match(none.notes.join(" "), /Nothing to run/);
  });

  test("a CMD-only image is replaced entirely by the command", () => {
    const preview = previewProcess({ entrypoint: null, cmd: ["sh"] }, { cmd: ["ls", "-l"] });
    assert.deepEqual(preview.argv, ["ls", "-l"]);
    assert.equal(preview.entrypoint.source, "none");
  });

  test("shell forms are recognised and explained", () => {
    const shellEntrypoint = previewProcess({ entrypoint: ["/bin/sh", "-c", "exec app"], cmd: ["--x"] }, {});
    assert.equal(shellEntrypoint.entrypoint.shellForm, true);
    assert.match(shellEntrypoint.notes.join(" "), /shell form.*\$0/);
    const shellCmd = previewProcess({ entrypoint: null, cmd: ["/bin/sh", "-c", "httpd -f"] }, {});
    assert.equal(shellCmd.cmd.shellForm, true);
    assert.match(shellCmd.notes.join(" "), /PID 1/);
  });
});

describe("parsePortBinding", () => {
  test("reads the -p forms", () => {
    assert.deepEqual(parsePortBinding("80"), { hostIp: null, hostPort: null, containerPort: 80, protocol: "tcp" });
    assert.deepEqual(parsePortBinding("8080:80"), { hostIp: null, hostPort: "8080", containerPort: 80, protocol: "tcp" });
    assert.deepEqual(parsePortBinding("127.0.0.1:8080:80/udp"), {
      hostIp: "127.0.0.1",
      hostPort: "8080",
      containerPort: 80,
      protocol: "udp",
    });
    assert.deepEqual(parsePortBinding("127.0.0.1::80"), { hostIp: "127.0.0.1", hostPort: null, containerPort: 80, protocol: "tcp" });
    assert.deepEqual(parsePortBinding("[::1]:9000:9000"), { hostIp: "::1", hostPort: "9000", containerPort: 9000, protocol: "tcp" });
  });

  test("refuses what is not a binding", () => {
    assert.throws(() => parsePortBinding("abc"), /not a port binding/);
    assert.throws(() => parsePortBinding("70000"), /not a port number/);
    assert.throws(() => parsePortBinding("8080:0"), /not a port number/);
    assert.throws(() => parsePortBinding("80/http"), /not a port binding/);
  });
});

describe("parseVolume", () => {
  test("named, bind and anonymous", () => {
    assert.deepEqual(parseVolume("data:/data:ro"), { type: "volume", source: "data", target: "/data", readOnly: true });
    assert.deepEqual(parseVolume("/srv/www:/www"), { type: "bind", source: "/srv/www", target: "/www", readOnly: false });
    assert.deepEqual(parseVolume("/cache"), { type: "anonymous", source: null, target: "/cache", readOnly: false });
  });

  test("refuses relative targets, bad modes and bad names", () => {
    assert.throws(() => parseVolume("data:relative"), /must start with \//);
    assert.throws(() => parseVolume("data:/d:rx"), /mode must be ro or rw/);
    assert.throws(() => parseVolume("bad name:/d"), /neither a volume name/);
    assert.throws(() => parseVolume("cache"), /starts with \//);
  });

  test("hasBindMount tells host paths apart", () => {
    assert.equal(hasBindMount({ volumes: ["data:/data", "/x"] }), false);
    assert.equal(hasBindMount({ volumes: ["/etc:/host-etc:ro"] }), true);
  });
});

describe("launchSpecErrors", () => {
  test("names each bad field", () => {
    const result = launchSpecErrors({
      image: "busybox",
      name: "-bad",
      ports: ["abc"],
      env: ["NOVALUE"],
      workingDir: "rel",
      restartPolicy: "sometimes",
    });
    assert.equal(result.ok, false);
    const paths = result.ok ? [] : result.errors.map((error) => error.path);
    for (const path of ["name", "ports.0", "env.0", "workingDir", "restartPolicy"])
      assert.ok(paths.includes(path), `${path} in ${paths.join(", ")}`);
  });

  test("refuses --rm with a restart policy, unknown fields and a missing image", () => {
    assert.equal(launchSpecErrors({ image: "a", autoRemove: true, restartPolicy: "always" }).ok, false);
    assert.equal(launchSpecErrors({ image: "a", privileged: true }).ok, false);
    assert.equal(launchSpecErrors({ image: " " }).ok, false);
    assert.equal(launchSpecErrors({ image: "a", autoRemove: true, restartPolicy: "no" }).ok, true);
  });
});

describe("toCreateRequest", () => {
  test("maps every option to the engine's names", () => {
    const request = toCreateRequest({
      image: "seed/entry:1",
      name: "demo",
      cmd: ["--verbose"],
      env: ["GREETING=hi"],
      ports: ["127.0.0.1:8080:80", "9090/udp"],
      volumes: ["data:/data", "/cache", "/srv:/srv:ro"],
      workingDir: "/tmp",
      user: "nobody",
      restartPolicy: "on-failure:3",
      labels: { team: "ops" },
      interactive: true,
    });
    assert.equal(request.name, "demo");
    assert.deepEqual(request.Cmd, ["--verbose"]);
    assert.equal(request.Entrypoint, undefined);
    assert.deepEqual(request.ExposedPorts, { "80/tcp": {}, "9090/udp": {} });
    assert.deepEqual(request.HostConfig.PortBindings, {
      "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "8080" }],
      "9090/udp": [{ HostIp: "", HostPort: "" }],
    });
    assert.deepEqual(request.Volumes, { "/cache": {} });
    assert.deepEqual(request.HostConfig.Binds, ["data:/data", "/srv:/srv:ro"]);
    assert.deepEqual(request.HostConfig.RestartPolicy, { Name: "on-failure", MaximumRetryCount: 3 });
    assert.equal(request.OpenStdin, true);
    assert.equal(request.Tty, false);
    assert.deepEqual(request.Labels, { team: "ops" });
  });

  test("a cleared entrypoint is sent the way the CLI sends --entrypoint ''", () => {
    assert.deepEqual(toCreateRequest({ image: "a", entrypoint: [], cmd: ["ls"] }).Entrypoint, [""]);
  });
});

describe("command lines", () => {
  test("splitCommandLine follows shell quoting and keeps $VAR literal", () => {
    assert.deepEqual(splitCommandLine(`sh -c 'echo hi; ls' "a b"`), ["sh", "-c", "echo hi; ls", "a b"]);
    assert.deepEqual(splitCommandLine("echo $HOME"), ["echo", "$HOME"]);
    assert.deepEqual(splitCommandLine("  "), []);
  });

  test("joinCommandLine round-trips", () => {
    const argv = ["sh", "-c", "echo 'quoted' $X", ""];
    assert.deepEqual(splitCommandLine(joinCommandLine(argv)), argv);
  });
});
