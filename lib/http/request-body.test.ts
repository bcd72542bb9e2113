import assert from "node:assert/strict";
import { test } from "node:test";
import { requestBodyStream } from "@/lib/http/request-body";

test("a request body streams through whole, in order", async () => {
  const parts = Array.from({ length: 50 }, (_, i) => Buffer.alloc(100_000, i));
  const request = new Request("http://x/", { method: "POST", body: new Blob(parts), duplex: "half" } as RequestInit);
  let received = Buffer.alloc(0);
  for await (const chunk of requestBodyStream(request.body!)) received = Buffer.concat([received, chunk as Buffer]);
  assert.equal(received.length, 5_000_000);
  assert.ok(received.equals(Buffer.concat(parts)));
});

test("destroying the stream cancels the upload it reads", async () => {
  let cancelled: unknown = null;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(new Uint8Array(1024));
    },
    cancel(reason) {
      cancelled = reason ?? "cancelled";
    },
  });
  const stream = requestBodyStream(body);
  for await (const _chunk of stream) break;
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.notEqual(cancelled, null);
});
