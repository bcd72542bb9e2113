"use client";

import { clsx } from "clsx";
import { useState } from "react";
import { errorMessage } from "@/app/_lib/api-client";
import { Badge } from "./badge";
import { Button } from "./button";
import { CliCommand, CommandPreview } from "./cli-command";
import { Dialog } from "./dialog";

/** One selected row as the bulk dialog lists it. */
export type BulkItem = {
  key: string;
  /** Its name (a reference, a container name). */
  label: string;
  /** Said up front, e.g. "in use by web, db" or "running". */
  warning?: React.ReactNode;
  /** Why it is left out of the run; it is listed, and reported as skipped. */
  skip?: string;
};

type ItemState =
  | { state: "waiting" }
  | { state: "running" }
  | { state: "done"; message: string }
  | { state: "failed"; message: string }
  | { state: "skipped"; message: string };

const STATE_BADGE = {
  waiting: { tone: "gray", text: "waiting" },
  running: { tone: "blue", text: "running…" },
  done: { tone: "green", text: "done" },
  failed: { tone: "red", text: "failed" },
  skipped: { tone: "amber", text: "skipped" },
} as const;

/**
 * A confirmation for one action on several rows: it lists each one with what is known against it
 * up front, shows the docker line, then runs the action one item at a time through the same
 * per-item API call a row uses (so each is audited on its own) and reports each item's result.
 *
 * @example
 * <BulkDialog title="Stop containers" verb="Stop" items={items} command="docker stop a b" run={(key) => stop(key)} onClose={close} />
 */
export function BulkDialog({
  title,
  verb,
  items,
  command,
  run,
  onFinished,
  onClose,
  explanation,
  options,
}: {
  title: string;
  /** The confirm button's word, e.g. "Remove". */
  verb: string;
  items: readonly BulkItem[];
  /** The docker line of the whole run. */
  command: string;
  /** Does the action for one item; resolves to a short result, throws on failure. */
  run: (key: string) => Promise<string>;
  /** After the last item: revalidate the lists. */
  onFinished?: () => void;
  onClose: () => void;
  explanation?: React.ReactNode;
  /** Checkboxes that change the action (e.g. force); hidden once it runs. */
  options?: React.ReactNode;
}) {
  const [states, setStates] = useState<Record<string, ItemState>>({});
  const [phase, setPhase] = useState<"asking" | "running" | "finished">("asking");
  const todo = items.filter((item) => !item.skip);

  const start = async () => {
    setPhase("running");
    const initial: Record<string, ItemState> = {};
    for (const item of items) initial[item.key] = item.skip ? { state: "skipped", message: item.skip } : { state: "waiting" };
    setStates(initial);
    // One at a time: the engine serialises image removals anyway, and each result stays readable.
    for (const item of todo) {
      setStates((current) => ({ ...current, [item.key]: { state: "running" } }));
      let next: ItemState;
      try {
        next = { state: "done", message: await run(item.key) };
      } catch (error) {
        next = { state: "failed", message: errorMessage(error) };
      }
      setStates((current) => ({ ...current, [item.key]: next }));
    }
    setPhase("finished");
    onFinished?.();
  };

  const counts = Object.values(states).reduce<Record<string, number>>((total, item) => {
    total[item.state] = (total[item.state] ?? 0) + 1;
    return total;
  }, {});
  const warned = items.filter((item) => item.warning);

  return (
    <Dialog
      open
      wide
      onClose={phase === "running" ? () => undefined : onClose}
      title={title}
      description={`${items.length} selected${todo.length < items.length ? `, ${items.length - todo.length} left out` : ""}`}
      footer={
        phase === "asking" ? (
          <>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => void start()} disabled={todo.length === 0} data-testid="bulk-confirm">
              {verb} {todo.length}
            </Button>
          </>
        ) : (
          <Button variant="primary" onClick={onClose} disabled={phase === "running"} data-testid="bulk-close">
            {phase === "running" ? "Working…" : "Close"}
          </Button>
        )
      }
    >
      <div className="space-y-4" data-testid="bulk-dialog">
        {explanation ? <div className="text-sm text-slate-600">{explanation}</div> : null}
        {phase === "asking" && warned.length ? (
          <p data-testid="bulk-warning" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
            {warned.length} of them {warned.length === 1 ? "needs" : "need"} a look first: see the notes in the list.
          </p>
        ) : null}
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
          {items.map((item) => {
            const state =
              states[item.key] ?? (item.skip ? { state: "skipped" as const, message: item.skip } : { state: "waiting" as const });
            const badge = STATE_BADGE[state.state];
            return (
              <li key={item.key} data-testid="bulk-item" data-key={item.key} data-state={state.state} className="px-3 py-2 text-sm">
                <div className="flex items-start gap-2">
                  <span className="min-w-0 flex-1 font-mono text-[13px] break-all">{item.label}</span>
                  {phase !== "asking" || item.skip ? <Badge tone={badge.tone}>{badge.text}</Badge> : null}
                </div>
                {item.warning && phase === "asking" ? (
                  <p data-testid="bulk-item-warning" className="mt-0.5 text-xs text-amber-800">
                    {item.warning}
                  </p>
                ) : null}
                {"message" in state ? (
                  <p
                    data-testid="bulk-item-result"
                    className={clsx("mt-0.5 text-xs break-words", state.state === "failed" ? "text-red-700" : "text-slate-600")}
                  >
                    {state.message}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
        {phase === "asking" ? options : null}
        {phase === "finished" ? (
          <p data-testid="bulk-summary" role="status" className="text-sm font-medium text-slate-700">
            {counts.done ?? 0} done · {counts.failed ?? 0} failed · {counts.skipped ?? 0} skipped
          </p>
        ) : null}
        <CommandPreview placeholder="">
          <CliCommand command={command} testId="bulk-command" wrap />
        </CommandPreview>
      </div>
    </Dialog>
  );
}
