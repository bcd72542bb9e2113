import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { BadRequestError } from "@/lib/errors";
import { familiarString, looksLikeImageId, parseReference, registryOf, validateRepository, validateTag } from "@/lib/reference/reference";

const HEX64 = "7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";
const SHA = `sha256:${HEX64}`;

/** Asserts a BadRequestError on the reference surface whose message matches `pattern`. */
function rejects(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof BadRequestError, `expected BadRequestError, got ${String(error)}`);
    assert.equal(error.code, "bad_request:reference");
    assert.match(error.message, pattern);
    return true;
  });
}

describe("parseReference: valid references", () => {
  test("bare official name gets docker.io and library/", () => {
    assert.deepEqual(parseReference("busybox"), {
      domain: "docker.io",
      path: "library/busybox",
      name: "docker.io/library/busybox",
      familiarName: "busybox",
    });
  });

  test("official name with tag", () => {
    assert.deepEqual(parseReference("busybox:1.36"), {
      domain: "docker.io",
      path: "library/busybox",
      tag: "1.36",
      name: "docker.io/library/busybox",
      familiarName: "busybox",
    });
  });

  test("library/busybox and docker.io/library/busybox:latest normalise the same way", () => {
    assert.equal(parseReference("library/busybox").name, "docker.io/library/busybox");
    const full = parseReference("docker.io/library/busybox:latest");
    assert.equal(full.name, "docker.io/library/busybox");
    assert.equal(full.familiarName, "busybox");
    assert.equal(full.tag, "latest");
  });

  test("docker.io/busybox and index.docker.io/busybox get library/", () => {
    assert.equal(parseReference("docker.io/busybox").path, "library/busybox");
    const legacy = parseReference("index.docker.io/busybox");
    assert.equal(legacy.domain, "docker.io");
    assert.equal(legacy.name, "docker.io/library/busybox");
  });

  test("user repository on Docker Hub", () => {
    const ref = parseReference("bars/fat:1");
    assert.equal(ref.domain, "docker.io");
    assert.equal(ref.path, "bars/fat");
    assert.equal(ref.familiarName, "bars/fat");
  });

  test("library/ with nested namespaces stays in the familiar name", () => {
    assert.equal(parseReference("library/a/b").familiarName, "library/a/b");
  });

  test("localhost with port, nested path and tag", () => {
    assert.deepEqual(parseReference("localhost:5000/team/app:v1.2_3"), {
      domain: "localhost:5000",
      path: "team/app",
      tag: "v1.2_3",
      name: "localhost:5000/team/app",
      familiarName: "localhost:5000/team/app",
    });
  });

  test("localhost without port is a domain", () => {
    const ref = parseReference("localhost/app");
    assert.equal(ref.domain, "localhost");
    assert.equal(ref.path, "app");
  });

  test("IPv4 registry with digest", () => {
    const ref = parseReference(`127.0.0.1:5055/x/y@${SHA}`);
    assert.equal(ref.domain, "127.0.0.1:5055");
    assert.equal(ref.path, "x/y");
    assert.equal(ref.digest, SHA);
    assert.equal(ref.tag, undefined);
    assert.ok(!("tag" in ref));
  });

  test("IPv6 registry", () => {
    const ref = parseReference("[::1]:5000/app:1");
    assert.equal(ref.domain, "[::1]:5000");
    assert.equal(ref.path, "app");
    assert.equal(ref.tag, "1");
  });

  test("registry with deep path and tag", () => {
    const ref = parseReference("registry.example.com/a/b/c:tag");
    assert.equal(ref.domain, "registry.example.com");
    assert.equal(ref.path, "a/b/c");
    assert.equal(ref.tag, "tag");
  });

  test("tag and digest together", () => {
    const ref = parseReference(`busybox:1@${SHA}`);
    assert.equal(ref.tag, "1");
    assert.equal(ref.digest, SHA);
  });

  test("sha512 digest", () => {
    const digest = `sha512:${"ab".repeat(64)}`;
    assert.equal(parseReference(`x@${digest}`).digest, digest);
  });

  test("first component with a dot is a domain; an uppercase one is a bad repository name", () => {
    assert.equal(parseReference("a.b/c").domain, "a.b");
    assert.equal(parseReference("Registry.example.com/app").domain, "Registry.example.com");
    assert.throws(() => parseReference("Bars/fat:1"), /repository name must be lowercase/);
  });

  test("separators: a__b, a-b--c, a.b, a_b", () => {
    for (const name of ["a__b", "a-b--c", "a.b", "a_b", "a-----b", "0", "a1.b2_c3"]) {
      assert.equal(parseReference(name).path, `library/${name}`, name);
    }
  });

  test("a 64-hex string is allowed as a name when a tag follows (it is not the bare identifier)", () => {
    assert.equal(parseReference(`${HEX64}:1`).path, `library/${HEX64}`);
  });

  test("tags: uppercase, underscore start, 128 chars", () => {
    assert.equal(parseReference("x:Latest").tag, "Latest");
    assert.equal(parseReference("x:_x").tag, "_x");
    const long = "a".repeat(128);
    assert.equal(parseReference(`x:${long}`).tag, long);
  });

  test("host:port alone is a name plus tag, as in docker", () => {
    const ref = parseReference("localhost:5000");
    assert.equal(ref.path, "library/localhost");
    assert.equal(ref.tag, "5000");
  });

  test("255-character path is allowed", () => {
    const path = `${"a".repeat(100)}/${"b".repeat(154)}`;
    assert.equal(path.length, 255);
    assert.equal(parseReference(path).path, path);
  });
});

describe("parseReference: invalid references", () => {
  test("empty", () => rejects(() => parseReference(""), /image reference is empty/));

  test("uppercase repository", () => {
    rejects(() => parseReference("Busybox"), /repository name must be lowercase.*"Busybox"/);
    rejects(() => parseReference("bars/Fat:1"), /repository name must be lowercase.*"bars\/Fat"/);
    rejects(() => parseReference("localhost:5000/App"), /repository name must be lowercase/);
  });

  test("tag starting with -", () =>
    rejects(() => parseReference("x:-bad"), /invalid tag "-bad" in "x:-bad": a tag starts with a letter, digit or underscore/));

  test("tag of 129 characters", () => {
    rejects(() => parseReference(`x:${"a".repeat(129)}`), /it is 129 characters; the limit is 128/);
  });

  test("tag with a bad character", () => rejects(() => parseReference("x:a+b"), /invalid tag "a\+b".*"\+" is not allowed/));

  test("empty tag", () => rejects(() => parseReference("x:"), /tag is empty in "x:"/));

  test("short sha256 digest", () => rejects(() => parseReference("x@sha256:123"), /invalid digest "sha256:123".*64 hex digits, not 3/));

  test("uppercase digest hex", () => {
    rejects(() => parseReference(`x@sha256:${HEX64.toUpperCase()}`), /must be lowercase hex/);
  });

  test("unsupported digest algorithm", () => rejects(() => parseReference(`x@md5:${"a".repeat(32)}`), /unsupported algorithm "md5"/));

  test("digest without algorithm", () => rejects(() => parseReference(`x@${HEX64}`), /a digest is "algorithm:hex"/));

  test("empty digest", () => rejects(() => parseReference("x@"), /digest after "@" is empty/));

  test("leading, trailing and double slash", () => {
    rejects(() => parseReference("/x"), /cannot start with "\/"/);
    rejects(() => parseReference("x/"), /cannot end with "\/"/);
    rejects(() => parseReference("x//y"), /empty component/);
  });

  test("bad separators and edges", () => {
    rejects(() => parseReference("a..b"), /component "a\.\.b" has the separator "\.\."/);
    rejects(() => parseReference("a___b"), /separator "___"/);
    rejects(() => parseReference("a.-b"), /separator "\.-"/);
    rejects(() => parseReference("-a"), /component "-a" must start with a lowercase letter or digit/);
    rejects(() => parseReference("a-"), /component "a-" must end with a lowercase letter or digit/);
    rejects(() => parseReference("team/_app"), /component "_app" must start/);
  });

  test("bad characters", () => {
    rejects(() => parseReference("a$b"), /component "a\$b" contains "\$"/);
    rejects(() => parseReference("busy box"), /contains whitespace/);
    rejects(() => parseReference("bücher"), /contains "ü"/);
  });

  test("missing repository after a registry or before a tag", () => {
    rejects(() => parseReference("localhost:5000/"), /repository name (is missing|cannot end)/);
    rejects(() => parseReference(":tag"), /repository name is missing/);
  });

  test("64-hex repository name", () => rejects(() => parseReference(HEX64), /cannot be a 64-byte hexadecimal string/));

  test("path longer than 255 characters", () => {
    rejects(() => parseReference("a".repeat(250)), /is 258 characters; the limit is 255/);
  });

  test("host:port with a bad port", () => {
    rejects(() => parseReference("localhost:abc/x"), /invalid port "abc" in registry host "localhost:abc"/);
    rejects(() => parseReference("example.com:50a0/x:1"), /invalid port "50a0"/);
    rejects(() => parseReference("example.com:/x"), /port after ":" is empty/);
  });

  test("bad registry host", () => {
    rejects(() => parseReference("a_b.c/x"), /invalid registry host "a_b\.c"/);
    rejects(() => parseReference("-a.com/x"), /invalid registry host "-a\.com"/);
    rejects(() => parseReference(":5000/x"), /host name is empty/);
    rejects(() => parseReference("[::1/x"), /closing "\]"/);
    rejects(() => parseReference("[::g]:5000/x"), /IPv6/);
  });
});

describe("familiarString", () => {
  test("what docker prints", () => {
    assert.equal(familiarString(parseReference("docker.io/library/busybox:1")), "busybox:1");
    assert.equal(familiarString(parseReference("bars/fat:1")), "bars/fat:1");
    assert.equal(familiarString(parseReference("busybox")), "busybox");
    assert.equal(familiarString(parseReference(`localhost:5000/app@${SHA}`)), `localhost:5000/app@${SHA}`);
    assert.equal(familiarString(parseReference(`busybox:1@${SHA}`)), `busybox:1@${SHA}`);
    assert.equal(familiarString(parseReference("registry.example.com/a/b:c")), "registry.example.com/a/b:c");
  });
});

describe("validateRepository", () => {
  test("returns the repository as given", () => {
    assert.equal(validateRepository("busybox"), "busybox");
    assert.equal(validateRepository("localhost:5000/team/app"), "localhost:5000/team/app");
    assert.equal(validateRepository("docker.io/library/x"), "docker.io/library/x");
  });

  test("rejects tags, digests and invalid names", () => {
    rejects(() => validateRepository(""), /repository is empty/);
    rejects(() => validateRepository("app:1"), /repository "app:1" must not include a tag \(":1"\); give the tag separately/);
    rejects(() => validateRepository("localhost:5000"), /registry host needs a repository path after it, e.g. "localhost:5000\/app"/);
    rejects(() => validateRepository(`app@${SHA}`), /must not include a digest/);
    rejects(() => validateRepository("App"), /repository name must be lowercase/);
  });

  test("host:port without a path gets a hint; a plain name with a numeric tag does not", () => {
    rejects(() => validateRepository("registry.local:5000"), /e.g. "registry.local:5000\/app"/);
    rejects(() => validateRepository("app:5000"), /give the tag separately/);
  });
});

describe("validateTag", () => {
  test("valid tags are returned", () => {
    for (const tag of ["latest", "v1.2_3", "_", "A", "1.0-rc.1", "a".repeat(128)]) assert.equal(validateTag(tag), tag);
  });

  test("invalid tags", () => {
    rejects(() => validateTag(""), /^tag is empty;/);
    rejects(() => validateTag("-x"), /^invalid tag "-x": a tag starts with a letter, digit or underscore$/);
    rejects(() => validateTag(".x"), /starts with a letter/);
    rejects(() => validateTag("a b"), /" " is not allowed/);
    rejects(() => validateTag("a:b"), /":" is not allowed/);
    rejects(() => validateTag("a".repeat(129)), /129 characters; the limit is 128/);
  });
});

describe("registryOf", () => {
  test("registry host", () => {
    assert.equal(registryOf(parseReference("busybox")), "docker.io");
    assert.equal(registryOf(parseReference("index.docker.io/bars/fat")), "docker.io");
    assert.equal(registryOf(parseReference("localhost:5000/app")), "localhost:5000");
    assert.equal(registryOf(parseReference("ghcr.io/o/r:1")), "ghcr.io");
  });
});

describe("looksLikeImageId", () => {
  test("IDs", () => {
    assert.equal(looksLikeImageId(SHA), true);
    assert.equal(looksLikeImageId(HEX64), true);
    assert.equal(looksLikeImageId("7cc4b5aefd1d"), true);
    assert.equal(looksLikeImageId("abcd"), true);
    assert.equal(looksLikeImageId("sha256:7cc4b5ae"), true);
  });

  test("not IDs", () => {
    assert.equal(looksLikeImageId("abc"), false);
    assert.equal(looksLikeImageId("busybox"), false);
    assert.equal(looksLikeImageId("ABCD1234"), false);
    assert.equal(looksLikeImageId(`${HEX64}0`), false);
    assert.equal(looksLikeImageId("sha256:"), false);
    assert.equal(looksLikeImageId(`sha512:${HEX64}`), false);
    assert.equal(looksLikeImageId(""), false);
  });
});
