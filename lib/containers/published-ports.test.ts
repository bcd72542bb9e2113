import assert from "node:assert/strict";
import { test } from "node:test";
import {
  engineHostOf,
  publishedFromInspect,
  publishedFromSummary,
  publishedPortUrl,
  uniquePublishedPorts,
  type PublishedPort,
} from "@/lib/containers/published-ports";

const port = (hostIp: string | null, hostPort = 8080, protocol = "tcp"): PublishedPort => ({
  hostIp,
  hostPort,
  containerPort: 80,
  protocol,
});
const local = { dockerHost: "unix:///var/run/docker.sock", pageHost: "dash.example" };
const remote = { dockerHost: "tcp://10.0.0.5:2376", pageHost: "dash.example" };

test("the engine's host: local for a socket or a loopback tcp, the host of tcp:// and ssh://", () => {
  assert.equal(engineHostOf("unix:///tmp/x/docker.sock"), null);
  assert.equal(engineHostOf("tcp://127.0.0.1:2375"), null);
  assert.equal(engineHostOf("tcp://docker.internal:2376"), "docker.internal");
  assert.equal(engineHostOf("ssh://ops@build-7"), "build-7");
  assert.equal(engineHostOf("tcp://[fd00::5]:2375"), "fd00::5");
  assert.equal(engineHostOf(""), undefined);
});

test("a port on every address opens through the engine's host: the dashboard's own for a local engine", () => {
  assert.equal(publishedPortUrl(port("0.0.0.0"), local), "http://dash.example:8080");
  assert.equal(publishedPortUrl(port("::"), local), "http://dash.example:8080");
  assert.equal(publishedPortUrl(port(null), local), "http://dash.example:8080");
  assert.equal(publishedPortUrl(port("0.0.0.0"), remote), "http://10.0.0.5:8080");
  assert.equal(publishedPortUrl(port("0.0.0.0"), { dockerHost: "tcp://[fd00::5]:2375", pageHost: "x" }), "http://[fd00::5]:8080");
});

test("a port bound to one address uses it; loopback only from a browser on the engine's machine", () => {
  assert.equal(publishedPortUrl(port("192.168.1.20"), remote), "http://192.168.1.20:8080");
  assert.equal(publishedPortUrl(port("127.0.0.1"), { ...local, pageHost: "localhost" }), "http://127.0.0.1:8080");
  assert.equal(publishedPortUrl(port("127.0.0.1"), local), null);
  assert.equal(publishedPortUrl(port("127.0.0.1"), { ...remote, pageHost: "127.0.0.1" }), null);
});

test("no link for UDP, an unknown engine or an unpublished port", () => {
  assert.equal(publishedPortUrl(port("0.0.0.0", 53, "udp"), local), null);
  assert.equal(publishedPortUrl(port("0.0.0.0"), { dockerHost: "", pageHost: "x" }), null);
  assert.equal(publishedPortUrl(port("0.0.0.0", 0), local), null);
  assert.equal(publishedPortUrl(port("0.0.0.0"), { ...local, pageHost: "" }), null);
});

test("the engine's IPv4 and IPv6 entries of one binding count once; both sources read", () => {
  const fromList = publishedFromSummary([
    { ip: "0.0.0.0", privatePort: 80, publicPort: 8080, type: "tcp" },
    { ip: "::", privatePort: 80, publicPort: 8080, type: "tcp" },
    { ip: null, privatePort: 443, publicPort: null, type: "tcp" },
  ]);
  assert.deepEqual(uniquePublishedPorts(fromList), [port("0.0.0.0")]);
  const fromInspect = publishedFromInspect([
    { containerPort: "80/tcp", hostIp: "::", hostPort: "8080" },
    { containerPort: "80/tcp", hostIp: "0.0.0.0", hostPort: "8080" },
    { containerPort: "53/udp", hostIp: "127.0.0.1", hostPort: "5353" },
    { containerPort: "443/tcp", hostIp: null, hostPort: null },
  ]);
  assert.deepEqual(uniquePublishedPorts(fromInspect), [
    { hostIp: "127.0.0.1", hostPort: 5353, containerPort: 53, protocol: "udp" },
    port("0.0.0.0"),
  ]);
});
