import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { describeCreatedBy } from "@/lib/layers/instruction";

describe("describeCreatedBy: classic builder", () => {
  test("#(nop) WORKDIR", () => {
    assert.deepEqual(describeCreatedBy("/bin/sh -c #(nop) WORKDIR /home"), { keyword: "WORKDIR", instruction: "WORKDIR /home" });
  });

  test("#(nop) with two spaces before CMD", () => {
    assert.deepEqual(describeCreatedBy('/bin/sh -c #(nop)  CMD ["ls" "-la" "/data"]'), {
      keyword: "CMD",
      instruction: 'CMD ["ls" "-la" "/data"]',
    });
  });

  test("#(nop) ADD with trailing space", () => {
    const hash = "4f2e6c5d5e9f0b0ad1e1a6f4b7f2c3d4e5f60718293a4b5c6d7e8f9012345678";
    assert.deepEqual(describeCreatedBy(`/bin/sh -c #(nop) ADD file:${hash} in / `), {
      keyword: "ADD",
      instruction: `ADD file:${hash} in /`,
    });
  });

  test("#(nop) COPY, ENV, LABEL, EXPOSE, ENTRYPOINT, VOLUME, USER, SHELL, STOPSIGNAL, ARG, MAINTAINER", () => {
    const cases: [string, string][] = [
      ["COPY", "COPY dir:abc in /app "],
      ["ENV", "ENV PATH=/usr/local/sbin:/usr/bin"],
      ["LABEL", "LABEL org.opencontainers.image.title=x"],
      ["EXPOSE", "EXPOSE 80/tcp"],
      ["ENTRYPOINT", 'ENTRYPOINT ["/entrypoint.sh"]'],
      ["VOLUME", "VOLUME [/data]"],
      ["USER", "USER 1000:1000"],
      ["SHELL", "SHELL [/bin/bash -o pipefail -c]"],
      ["STOPSIGNAL", "STOPSIGNAL SIGQUIT"],
      ["ARG", "ARG VERSION=1"],
      ["MAINTAINER", "MAINTAINER someone@example.com"],
    ];
    for (const [keyword, instruction] of cases) {
      assert.deepEqual(describeCreatedBy(`/bin/sh -c #(nop)  ${instruction}`), { keyword, instruction: instruction.trim() });
    }
  });

  test("shell-form RUN", () => {
    assert.deepEqual(describeCreatedBy("/bin/sh -c dd if=/dev/zero of=/data/big.bin bs=1M count=50"), {
      keyword: "RUN",
      instruction: "RUN dd if=/dev/zero of=/data/big.bin bs=1M count=50",
    });
  });

  test("multi-line RUN keeps its body", () => {
    assert.deepEqual(describeCreatedBy("/bin/sh -c set -e;   apk add x &&     rm -rf /var/cache"), {
      keyword: "RUN",
      instruction: "RUN set -e;   apk add x &&     rm -rf /var/cache",
    });
    assert.equal(describeCreatedBy("/bin/sh -c echo a\necho b").instruction, "RUN echo a\necho b");
  });

  test("build args prefix", () => {
    assert.deepEqual(describeCreatedBy("|2 A=1 B=2 /bin/sh -c make"), {
      keyword: "RUN",
      instruction: "RUN make",
      buildArgs: ["A=1", "B=2"],
    });
  });

  test("build args with an exec-form RUN (no shell)", () => {
    assert.deepEqual(describeCreatedBy("|1 A=1 make install"), { keyword: "RUN", instruction: "RUN make install", buildArgs: ["A=1"] });
  });

  test("HEALTHCHECK is written back as its Dockerfile line", () => {
    const text = `/bin/sh -c #(nop)  HEALTHCHECK &{["CMD" "true"] "30s" "3s" "0s" '\\x00'}`;
    const described = describeCreatedBy(text);
    assert.equal(described.keyword, "HEALTHCHECK");
    assert.equal(described.instruction, `HEALTHCHECK --interval=30s --timeout=3s CMD ["true"]`);
    assert.equal(
      describeCreatedBy(`/bin/sh -c #(nop)  HEALTHCHECK &{["CMD-SHELL" "curl -f localhost"] "0s" "0s" "0s" '\\x03'}`).instruction,
      "HEALTHCHECK --retries=3 CMD curl -f localhost",
    );
    assert.equal(describeCreatedBy(`/bin/sh -c #(nop)  HEALTHCHECK &{["NONE"] "0s" "0s" "0s" '\\x00'}`).instruction, "HEALTHCHECK NONE");
  });

  test("ONBUILD", () => {
    assert.deepEqual(describeCreatedBy("/bin/sh -c #(nop)  ONBUILD RUN echo child"), {
      keyword: "ONBUILD",
      instruction: "ONBUILD RUN echo child",
    });
  });

  test("a custom SHELL wraps RUN and #(nop) steps", () => {
    assert.deepEqual(describeCreatedBy("/bin/bash -o pipefail -c curl -s x | sh"), { keyword: "RUN", instruction: "RUN curl -s x | sh" });
    assert.deepEqual(describeCreatedBy("/bin/bash -o pipefail -c #(nop) WORKDIR /w"), { keyword: "WORKDIR", instruction: "WORKDIR /w" });
    assert.deepEqual(describeCreatedBy("sh -ec make"), { keyword: "RUN", instruction: "RUN make" });
  });

  test("Windows cmd and PowerShell", () => {
    assert.deepEqual(describeCreatedBy("cmd /S /C powershell -Command Install-Thing"), {
      keyword: "RUN",
      instruction: "RUN powershell -Command Install-Thing",
    });
    assert.deepEqual(describeCreatedBy("cmd /S /C #(nop) WORKDIR C:\\app"), { keyword: "WORKDIR", instruction: "WORKDIR C:\\app" });
    assert.deepEqual(describeCreatedBy("powershell -Command $ErrorActionPreference = 'Stop'; iwr x"), {
      keyword: "RUN",
      instruction: "RUN $ErrorActionPreference = 'Stop'; iwr x",
    });
  });

  test("#(nop) with an unrecognised body is UNKNOWN", () => {
    assert.deepEqual(describeCreatedBy('/bin/sh -c #(nop) ["/bin/sh"]'), {
      keyword: "UNKNOWN",
      instruction: '/bin/sh -c #(nop) ["/bin/sh"]',
    });
  });
});

describe("describeCreatedBy: BuildKit", () => {
  test("RUN with shell and buildkit suffix", () => {
    assert.deepEqual(describeCreatedBy("RUN /bin/sh -c apk add --no-cache curl # buildkit"), {
      keyword: "RUN",
      instruction: "RUN apk add --no-cache curl",
    });
  });

  test("RUN with build args", () => {
    assert.deepEqual(describeCreatedBy("RUN |2 TARGETARCH=amd64 V=1 /bin/sh -c make # buildkit"), {
      keyword: "RUN",
      instruction: "RUN make",
      buildArgs: ["TARGETARCH=amd64", "V=1"],
    });
  });

  test("exec-form RUN", () => {
    assert.deepEqual(describeCreatedBy("RUN echo hi # buildkit"), { keyword: "RUN", instruction: "RUN echo hi" });
  });

  test("Windows RUN", () => {
    assert.deepEqual(describeCreatedBy("RUN cmd /S /C dir # buildkit"), { keyword: "RUN", instruction: "RUN dir" });
  });

  test("COPY and ADD", () => {
    assert.deepEqual(describeCreatedBy("COPY app /app # buildkit"), { keyword: "COPY", instruction: "COPY app /app" });
    assert.deepEqual(describeCreatedBy("COPY --from=build /out /app # buildkit"), {
      keyword: "COPY",
      instruction: "COPY --from=build /out /app",
    });
    assert.deepEqual(describeCreatedBy("ADD https://x/y.tgz /tmp/ # buildkit"), {
      keyword: "ADD",
      instruction: "ADD https://x/y.tgz /tmp/",
    });
  });

  test("metadata steps", () => {
    const cases: [string, string][] = [
      ["WORKDIR", "WORKDIR /app"],
      ["ENV", "ENV A=b"],
      ["CMD", 'CMD ["x"]'],
      ["EXPOSE", "EXPOSE map[8080/tcp:{}]"],
      ["ARG", "ARG X=1"],
      ["LABEL", "LABEL a=b"],
      ["ENTRYPOINT", 'ENTRYPOINT ["/bin/app"]'],
      ["USER", "USER app"],
      ["VOLUME", "VOLUME [/data]"],
      ["STOPSIGNAL", "STOPSIGNAL SIGTERM"],
      ["SHELL", "SHELL [/bin/bash -c]"],
      ["HEALTHCHECK", 'HEALTHCHECK &{["CMD-SHELL" "curl -f localhost"] "0s" "0s" "0s" "0s" \'\\x00\'}'],
      ["ONBUILD", "ONBUILD COPY . /src"],
      ["MAINTAINER", "MAINTAINER me"],
    ];
    for (const [keyword, instruction] of cases) assert.deepEqual(describeCreatedBy(instruction), { keyword, instruction });
  });
});

describe("describeCreatedBy: import and unknown", () => {
  test("empty is IMPORT", () => {
    assert.deepEqual(describeCreatedBy(""), { keyword: "IMPORT", instruction: "" });
    assert.deepEqual(describeCreatedBy("   "), { keyword: "IMPORT", instruction: "" });
  });

  test("unrecognised text is UNKNOWN, trimmed", () => {
    assert.deepEqual(describeCreatedBy("  some text  "), { keyword: "UNKNOWN", instruction: "some text" });
    assert.deepEqual(describeCreatedBy("bash"), { keyword: "UNKNOWN", instruction: "bash" });
  });

  test("lower-case command names are not keywords", () => {
    assert.deepEqual(describeCreatedBy("env A=1 make"), { keyword: "UNKNOWN", instruction: "env A=1 make" });
    assert.deepEqual(describeCreatedBy("user add"), { keyword: "UNKNOWN", instruction: "user add" });
  });

  test("a word that only starts like a keyword is not one", () => {
    assert.deepEqual(describeCreatedBy("RUNNER go"), { keyword: "UNKNOWN", instruction: "RUNNER go" });
  });
});
