import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { ChunkedFraming, FramingError } from "@/lib/docker/chunked-framing";

/** `payloads` framed as chunks, the last chunk (with a trailer when asked) after them. */
function framed(payloads: Buffer[], last = "0\r\n\r\n"): Buffer {
  const parts = payloads.flatMap((payload) => [Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from("\r\n")]);
  return Buffer.concat([...parts, Buffer.from(last)]);
}

/** Decodes chunked framing the plain way, for comparison. */
function decode(body: Buffer): Buffer {
  const payloads: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at);
    const size = Number.parseInt(body.toString("latin1", at, lineEnd).split(";")[0]!, 16);
    if (size === 0) return Buffer.concat(payloads);
    payloads.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** Feeds `body` cut at `cuts` and returns what was passed on, joined, and the framing. */
function relay(body: Buffer, cuts: number[]): { passed: Buffer; framing: ChunkedFraming } {
  const framing = new ChunkedFraming();
  const passed: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, body.length]) {
    passed.push(...framing.feed(body.subarray(from, cut)));
    from = cut;
  }
  return { passed: Buffer.concat(passed), framing };
}

describe("chunked framing followed as it goes past", () => {
  const payloads = [randomBytes(32768), randomBytes(5), randomBytes(0x1a2b), randomBytes(1)];
  const body = framed(payloads);
  const lastChunkAt = body.length - "0\r\n\r\n".length;
  const payloadLength = payloads.reduce((sum, payload) => sum + payload.length, 0);

  test("passes on everything before the last chunk, counts the payload to the byte", () => {
    const { passed, framing } = relay(body, []);
    assert.equal(framing.ended, true);
    assert.equal(framing.payloadBytes, payloadLength);
    assert.deepEqual(passed, body.subarray(0, lastChunkAt));
    // What was passed on, ended with the relay's own last chunk, decodes to the payload.
    assert.deepEqual(decode(Buffer.concat([passed, Buffer.from("0\r\n\r\n")])), Buffer.concat(payloads));
  });

  test("gives the same wherever the buffers are cut, size lines and CRLFs included", () => {
    for (let cut = 1; cut < body.length; cut += cut < 40 ? 1 : 997) {
      const { passed, framing } = relay(body, [cut]);
      assert.equal(framing.ended, true, `cut at ${cut}`);
      assert.equal(framing.payloadBytes, payloadLength, `cut at ${cut}`);
      assert.deepEqual(passed, body.subarray(0, lastChunkAt), `cut at ${cut}`);
    }
    // Every byte on its own: a size line held back over several buffers.
    const oneByOne = relay(
      body,
      Array.from({ length: body.length - 1 }, (_, index) => index + 1),
    );
    assert.deepEqual(oneByOne.passed, body.subarray(0, lastChunkAt));
  });

  test("a last chunk cut between buffers is never passed on, nor anything after it", () => {
    for (const cut of [lastChunkAt + 1, lastChunkAt + 2, lastChunkAt + 3]) {
      const { passed, framing } = relay(body, [cut]);
      assert.equal(framing.ended, true);
      assert.deepEqual(passed, body.subarray(0, lastChunkAt));
    }
    const withTrailer = framed([Buffer.from("abc")], "0;done\r\nX-Trailer: 1\r\n\r\n");
    const { passed, framing } = relay(withTrailer, [9, 10]);
    assert.equal(framing.payloadBytes, 3);
    assert.equal(passed.toString("latin1"), "3\r\nabc\r\n");
    assert.deepEqual(framing.feed(Buffer.from("more")), [], "nothing after the end");
  });

  test("a body cut short is not ended, and what was passed on stops at the cut", () => {
    // Cut in the third chunk's payload: "8000\r\n", 32,768 bytes, CRLF, "5\r\n", 5 bytes, CRLF, "1a2b\r\n".
    const { passed, framing } = relay(body.subarray(0, 36000), [100]);
    assert.equal(framing.ended, false);
    assert.equal(passed.length, 36000);
    assert.equal(framing.payloadBytes, 32768 + 5 + (36000 - (6 + 32768 + 2) - (3 + 5 + 2) - 6));
  });

  test("size lines with extensions and upper-case digits; malformed framing throws", () => {
    const { framing } = relay(Buffer.from("A;name=value\r\n0123456789\r\n0\r\n\r\n"), []);
    assert.equal(framing.payloadBytes, 10);
    assert.equal(framing.ended, true);
    for (const bad of ["zz\r\n", "5\n", "-1\r\n", "3\r\nabcXY", `${"f".repeat(14)}\r\n`]) {
      assert.throws(() => relay(Buffer.from(bad), []), FramingError, bad);
    }
    assert.throws(() => relay(Buffer.from("1".repeat(2000)), []), /too long/);
  });
});
