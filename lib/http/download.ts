import "server-only";
import { Readable } from "node:stream";

/** A streamed file download (never buffered): the engine's tar goes straight to the client. */
export function downloadResponse(stream: Readable, filename: string): Response {
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": "application/x-tar",
      "content-disposition": `attachment; filename="${filename.replace(/"/g, "")}"`,
      "cache-control": "no-store",
    },
  });
}
