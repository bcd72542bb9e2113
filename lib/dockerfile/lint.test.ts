import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { lintDockerfile } from "@/lib/dockerfile/lint";
import { lintResultSchema } from "@/lib/dockerfile/schemas";
import type { LintFinding } from "@/lib/dockerfile/types";

/** The rules found, as `rule@line`, for compact assertions. */
function found(findings: LintFinding[]): string[] {
  return findings.map((finding) => `${finding.rule}@${finding.line}`);
}

// The background articles' httpd example, as they write it.
const HTTPD = `FROM centos:7
MAINTAINER Jane Ops <jane@example.com>
RUN yum -y install httpd
EXPOSE 80
ADD run.sh /run.sh
RUN chmod -v +x /run.sh
CMD ["/run.sh"]
`;

// Its ENTRYPOINT + CMD variant.
const HTTPD_ENTRYPOINT = `FROM centos:7
MAINTAINER Jane Ops <jane@example.com>
RUN yum -y install httpd && yum clean all
EXPOSE 80
COPY run.sh /run.sh
ENTRYPOINT ["/run.sh"]
CMD ["-D", "FOREGROUND"]
`;

// The articles' waste example: a file written by one RUN and deleted by the next stays in the image.
const FIFTY_MEGABYTES = `FROM busybox:1.36
RUN dd if=/dev/zero of=/50M.file bs=1M count=50
RUN rm /50M.file
`;

describe("lintDockerfile", () => {
  test("the httpd example: MAINTAINER, yum without clean, ADD of a local file, no USER", () => {
    const findings = lintDockerfile(HTTPD);
    assert.deepEqual(found(findings), ["user-missing@1", "maintainer-deprecated@2", "yum-clean-missing@3", "add-local-file@5"]);
    const maintainer = findings.find((finding) => finding.rule === "maintainer-deprecated")!;
    assert.equal(maintainer.hadolint, "DL4000");
    assert.match(maintainer.message, /LABEL maintainer="Jane Ops <jane@example.com>"/);
    assert.equal(findings.find((finding) => finding.rule === "add-local-file")!.hadolint, "DL3020");
    assert.doesNotThrow(() => lintResultSchema.parse({ findings }));
  });

  test("the ENTRYPOINT + CMD variant: exec-form CMD after ENTRYPOINT is fine", () => {
    assert.deepEqual(found(lintDockerfile(HTTPD_ENTRYPOINT)), ["user-missing@1", "maintainer-deprecated@2"]);
  });

  test("the 50M.file pair: the RUN that deletes what the previous RUN wrote, and the two RUNs that could be one", () => {
    const findings = lintDockerfile(FIFTY_MEGABYTES);
    assert.deepEqual(found(findings), ["user-missing@1", "consecutive-run@3", "run-deletes-earlier-layer@3"]);
    const deletes = findings.find((finding) => finding.rule === "run-deletes-earlier-layer")!;
    assert.match(deletes.message, /\/50M\.file.*line 2/);
    assert.equal(deletes.hadolint, null);
    assert.equal(findings.find((finding) => finding.rule === "consecutive-run")!.hadolint, "DL3059");
  });

  test("creating and deleting in the same RUN is not reported", () => {
    const findings = lintDockerfile("FROM busybox:1.36\nRUN dd if=/dev/zero of=/50M.file bs=1M count=50 && rm /50M.file\nUSER nobody\n");
    assert.deepEqual(found(findings), []);
  });

  test("apt-get: recommends, lists left behind, upgrade; the clean form passes", () => {
    const bad = lintDockerfile("FROM debian:12\nRUN apt-get update && apt-get upgrade -y && apt-get install -y curl\nUSER app\n");
    assert.deepEqual(found(bad).sort(), ["apt-install-recommends@2", "apt-lists-kept@2", "apt-upgrade@2"]);
    assert.deepEqual(bad.map((finding) => finding.hadolint).sort(), ["DL3005", "DL3009", "DL3015"]);
    const good = lintDockerfile(
      "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\nUSER app\n",
    );
    assert.deepEqual(found(good), []);
  });

  test("FROM without a tag or with latest; stages, scratch, digests and variables are not reported", () => {
    assert.deepEqual(found(lintDockerfile("FROM busybox\nUSER 1000\n")), ["from-untagged@1"]);
    assert.deepEqual(found(lintDockerfile("FROM busybox:latest\nUSER 1000\n")), ["from-latest@1"]);
    assert.deepEqual(
      found(
        lintDockerfile(
          "ARG BASE=busybox:1\nFROM golang:1.22 AS build\nFROM build AS test\nFROM ${BASE}\nFROM busybox@sha256:aaaa\nFROM scratch\nCOPY --from=build /x /x\nUSER 1000\n",
        ),
      ),
      [],
    );
  });

  test("several CMDs or ENTRYPOINTs: all but the last are reported, pointing at the one that applies", () => {
    const findings = lintDockerfile('FROM busybox:1\nUSER 1\nCMD ["a"]\nENTRYPOINT ["x"]\nCMD ["b"]\nENTRYPOINT ["y"]\n');
    assert.deepEqual(found(findings), ["multiple-cmd@3", "multiple-entrypoint@4"]);
    assert.match(findings[0]!.message, /line 5/);
    assert.equal(findings[0]!.hadolint, "DL4003");
    assert.equal(findings[1]!.hadolint, "DL4004");
  });

  test("CMD in shell form after an ENTRYPOINT", () => {
    const findings = lintDockerfile('FROM busybox:1\nUSER 1\nENTRYPOINT ["/bin/echo"]\nCMD hello world\n');
    assert.deepEqual(found(findings), ["cmd-shell-after-entrypoint@4"]);
    assert.match(findings[0]!.message, /\/bin\/sh -c hello world/);
  });

  test("COPY . . before a dependency install; copying the manifest first passes", () => {
    const bad = lintDockerfile("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\n");
    assert.deepEqual(found(bad), ["copy-all-before-install@3"]);
    assert.match(bad[0]!.message, /line 4/);
    const good = lintDockerfile("FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nUSER node\n");
    assert.deepEqual(found(good), []);
  });

  test("ADD: local files are reported; URLs and local tar archives are what ADD is for", () => {
    assert.deepEqual(found(lintDockerfile("FROM busybox:1\nADD a.txt b.txt /dst/\nUSER 1\n")), ["add-local-file@2"]);
    assert.deepEqual(found(lintDockerfile("FROM busybox:1\nADD https://example.com/x.txt /x\nADD rootfs.tar.gz /\nUSER 1\n")), []);
  });

  test("relative WORKDIR, invalid EXPOSE ports, USER root", () => {
    const findings = lintDockerfile(
      "FROM busybox:1\nWORKDIR app\nWORKDIR /srv\nWORKDIR $HOME\nEXPOSE 80/tcp 53/udp 8000-8010 70000 http 80/xyz $PORT\nUSER root\n",
    );
    assert.deepEqual(found(findings), [
      "workdir-relative@2",
      "expose-invalid-port@5",
      "expose-invalid-port@5",
      "expose-invalid-port@5",
      "user-root@6",
    ]);
    assert.deepEqual(
      findings.filter((finding) => finding.rule === "expose-invalid-port").map((finding) => finding.message.split(" ")[1]),
      ["70000", "http", "80/xyz"],
    );
  });

  test("no USER points at the last stage's FROM; builder stages are not asked for one", () => {
    const findings = lintDockerfile("FROM golang:1.22 AS build\nRUN go build\n\nFROM busybox:1\nCOPY --from=build /x /x\n");
    assert.deepEqual(found(findings), ["user-missing@4"]);
  });

  test("no FROM at all is an error on the first instruction; lines are always 1-based", () => {
    assert.deepEqual(found(lintDockerfile("\n\nRUN echo hi\n")), ["from-missing@3"]);
    assert.deepEqual(found(lintDockerfile("# only a comment\n")), ["from-missing@1"]);
    for (const finding of lintDockerfile(HTTPD + FIFTY_MEGABYTES)) assert.ok(Number.isInteger(finding.line) && finding.line >= 1);
  });
});
