import assert from "node:assert/strict";
import { test } from "node:test";
import { validateChanges } from "@/lib/images/changes";

test("accepts the instructions commit and import apply, in any case", () => {
  assert.deepEqual(
    validateChanges([
      ' CMD ["sh"] ',
      "env A=b",
      "EXPOSE 8080/tcp",
      "WORKDIR /app",
      "LABEL a=b",
      "USER app",
      "VOLUME /data",
      'ENTRYPOINT ["x"]',
      "ONBUILD RUN x",
    ]),
    [
      'CMD ["sh"]',
      "env A=b",
      "EXPOSE 8080/tcp",
      "WORKDIR /app",
      "LABEL a=b",
      "USER app",
      "VOLUME /data",
      'ENTRYPOINT ["x"]',
      "ONBUILD RUN x",
    ],
  );
});

test("refuses what the engine would not apply, naming it", () => {
  assert.throws(() => validateChanges(["RUN rm -rf /"]), /change 1 \("RUN rm -rf \/"\) is not allowed/);
  assert.throws(() => validateChanges(["CMD"]), /not allowed/);
  assert.throws(() => validateChanges(["ENV A=b", ""]), /change 2/);
});
