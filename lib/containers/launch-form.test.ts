import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { initialFormState, publishValue, specFromForm, volumeKind, type LaunchFormState } from "@/lib/containers/launch-form";

function form(changes: Partial<LaunchFormState>): LaunchFormState {
  return { ...initialFormState("seed/entry:1"), ...changes };
}

describe("specFromForm", () => {
  test("turns typed text into the API's spec, leaving out blank rows", () => {
    const { valid } = specFromForm(
      form({
        name: " demo ",
        command: "sh -c 'echo $GREETING'",
        env: [
          { id: 1, value: "GREETING=hi" },
          { id: 2, value: "  " },
        ],
        ports: [{ id: 3, value: "8080:80" }],
        labels: [{ id: 4, key: "team", value: "ops" }],
        restart: "on-failure",
        maxRetries: "3",
      }),
      { allowBindMounts: false },
    );
    assert.deepEqual(valid, {
      image: "seed/entry:1",
      name: "demo",
      cmd: ["sh", "-c", "echo $GREETING"],
      env: ["GREETING=hi"],
      ports: ["8080:80"],
      restartPolicy: "on-failure:3",
      labels: { team: "ops" },
      start: true,
    });
  });

  test("a blank entrypoint keeps the image's; clearing sends []", () => {
    assert.equal(specFromForm(form({ entrypoint: "  " }), { allowBindMounts: false }).valid?.entrypoint, undefined);
    assert.deepEqual(specFromForm(form({ entrypoint: "env", clearEntrypoint: true }), { allowBindMounts: false }).valid?.entrypoint, []);
  });

  test("puts each problem on its row or input", () => {
    const { valid, problems } = specFromForm(
      form({
        ports: [{ id: 7, value: "abc" }],
        labels: [
          { id: 8, key: "a", value: "1" },
          { id: 9, key: "a", value: "2" },
        ],
        workingDir: "relative",
        volumes: [{ id: 10, value: "/etc:/host-etc" }],
      }),
      { allowBindMounts: false },
    );
    assert.equal(valid, null);
    assert.match(problems.rows.ports[7]!, /not a port binding/);
    assert.match(problems.rows.labels[9]!, /set twice/);
    assert.match(problems.fields.workingDir!, /absolute path/);
    assert.match(problems.rows.volumes[10]!, /admin role/);
    assert.equal(
      specFromForm(form({ volumes: [{ id: 10, value: "/etc:/host-etc" }] }), { allowBindMounts: true }).valid?.volumes?.[0],
      "/etc:/host-etc",
    );
  });
});

test("volumeKind and publishValue", () => {
  assert.equal(volumeKind("data:/data"), "volume");
  assert.equal(volumeKind("/srv:/srv"), "bind");
  assert.equal(volumeKind("relative"), null);
  assert.equal(publishValue("8080/tcp"), "8080:8080");
  assert.equal(publishValue("9090/udp"), "9090:9090/udp");
});
