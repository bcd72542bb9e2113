"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useToast } from "@/app/_components/toast";
import { errorMessage, isAbort, type ApiScope, type TransferOptions, type UploadProgress } from "@/app/_lib/api-client";
import { initialProgress, type ProgressState } from "@/lib/progress/docker-progress";
import { useRevalidate } from "./use-revalidate";

/** idle → running → done | failed; a cancelled run goes back to idle. */
export type OperationPhase = "idle" | "running" | "done" | "failed";

/** What an operation's call gets: its abort signal and where to report progress. */
export type OperationContext = Required<TransferOptions>;

export type OperationOptions<R, A extends unknown[]> = {
  /** The SWR scopes the operation makes stale, revalidated once it has ended either way. */
  invalidates?: readonly ApiScope[];
  onSuccess?: (result: R, ...args: A) => void;
  /** Side effects of a failure (a toast for a button without a form); the message is in `error` too. */
  onFailure?: (message: string, failure: unknown, ...args: A) => void;
  /**
   * Toasts for an operation that ends after its component has gone (a pull keeps running when its
   * dialog is closed). While the component is there it shows the outcome itself: the error once.
   */
  whenHidden?: { done: (result: R, ...args: A) => string; failed: (message: string, ...args: A) => string };
};

export type Operation<R, A extends unknown[]> = {
  phase: OperationPhase;
  running: boolean;
  /** The arguments of the current or last run (e.g. which container action is pending). */
  args: A | null;
  result: R | null;
  /** The message of the last failure, to show in the form; null otherwise. */
  error: string | null;
  /** The last failure itself, for the cases a form explains on its own (a 409 conflict). */
  failure: unknown;
  /** The engine's per-layer progress of a streamed operation. */
  progress: ProgressState;
  /** Bytes sent of an upload; null until one starts. */
  upload: UploadProgress | null;
  /** Runs the operation unless one is running; resolves with its result, or undefined when it failed or was cancelled. */
  start: (...args: A) => Promise<R | undefined>;
  /** Cancels a running operation (an upload stops at once); it goes back to idle. */
  abort: () => void;
  /** Back to idle after an edit: the last outcome belongs to the old input. Ignored while running. */
  reset: () => void;
};

type State<R, A extends unknown[]> = Omit<Operation<R, A>, "running" | "start" | "abort" | "reset">;

function idle<R, A extends unknown[]>(args: A | null = null): State<R, A> {
  return { phase: "idle", args, result: null, error: null, failure: null, progress: initialProgress, upload: null };
}

/**
 * Every action of the dashboard: its phase, progress (the NDJSON stream of pull and push, the bytes
 * of an upload), abort, and its error shown once (in the component, or as a toast when the
 * component has gone). The SWR keys it makes stale are revalidated when it ends.
 *
 * @example
 * const pull = useOperation((context, reference: string) => api.images.pull({ reference }, context), { invalidates: ["images"] });
 * <button onClick={() => void pull.start("busybox:1.36")}>{pull.running ? "Pulling…" : "Pull"}</button>
 */
export function useOperation<R, A extends unknown[] = []>(
  operation: (context: OperationContext, ...args: A) => Promise<R>,
  options: OperationOptions<R, A> = {},
): Operation<R, A> {
  const [state, setState] = useState<State<R, A>>(idle);
  const toast = useToast();
  const revalidate = useRevalidate();
  // The latest operation and options, read when a run starts and ends (callers pass new closures
  // on every render).
  const latest = useRef({ operation, options });
  useEffect(() => {
    latest.current = { operation, options };
  });
  const controller = useRef<AbortController | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const start = useCallback(
    async (...args: A): Promise<R | undefined> => {
      if (controller.current) return undefined;
      const abort = new AbortController();
      controller.current = abort;
      setState({ ...idle<R, A>(args), phase: "running" });
      const context: OperationContext = {
        signal: abort.signal,
        onProgress: (progress) => setState((current) => ({ ...current, progress })),
        onUpload: (upload) => setState((current) => ({ ...current, upload })),
      };
      const { operation: run, options: settings } = latest.current;
      try {
        const result = await run(context, ...args);
        setState((current) => ({ ...current, phase: "done", result }));
        settings.onSuccess?.(result, ...args);
        if (!mounted.current && settings.whenHidden) toast(settings.whenHidden.done(result, ...args));
        return result;
      } catch (failure) {
        if (isAbort(failure)) {
          setState(idle<R, A>(args));
          return undefined;
        }
        const message = errorMessage(failure);
        setState((current) => ({ ...current, phase: "failed", error: message, failure }));
        settings.onFailure?.(message, failure, ...args);
        if (!mounted.current && settings.whenHidden) toast(settings.whenHidden.failed(message, ...args), "error");
        return undefined;
      } finally {
        controller.current = null;
        if (settings.invalidates) revalidate(...settings.invalidates);
      }
    },
    [toast, revalidate],
  );

  const abort = useCallback(() => controller.current?.abort(), []);
  const reset = useCallback(() => {
    if (!controller.current) setState(idle<R, A>());
  }, []);

  return { ...state, running: state.phase === "running", start, abort, reset };
}

/**
 * useOperation for a mutation without progress (tag, remove, a container action, a form's save).
 *
 * @example
 * const tag = useAction((body: TagImageInput) => api.images.tag(source, body), { invalidates: ["images"], onSuccess: onClose });
 */
export function useAction<R, A extends unknown[] = []>(
  action: (...args: A) => Promise<R>,
  options: OperationOptions<R, A> = {},
): Operation<R, A> {
  return useOperation<R, A>((_context, ...args) => action(...args), options);
}
