import assert from "node:assert/strict";
import { AppError } from "@/lib/errors";
import { httpStatusOf } from "@/lib/http/errors";

/**
 * Asserts that `promise` rejects with an AppError of this HTTP status whose message matches: the
 * error a route would answer with. Returns it for further checks.
 */
export async function rejectsWithAppError(promise: Promise<unknown>, status: number, message: RegExp): Promise<AppError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof AppError, `an AppError, got ${String(caught)}`);
  assert.equal(httpStatusOf(caught), status, caught.message);
  assert.match(caught.message, message);
  return caught;
}
