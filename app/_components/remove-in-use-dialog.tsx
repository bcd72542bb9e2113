"use client";

import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/field";

/**
 * The confirmation to remove a volume or network, which the engine refuses while containers use it:
 * the dialog says so before the click (`inUse`, with the containers), and the remove button stays off.
 */
export function RemoveInUseDialog({
  title,
  name,
  confirmLabel,
  onClose,
  onConfirm,
  running,
  error,
  inUse,
  blockedTitle,
  idle,
  command,
}: {
  title: string;
  /** The volume's or network's name, shown under the title. */
  name: string;
  confirmLabel: string;
  onClose: () => void;
  onConfirm: () => void;
  running: boolean;
  /** The failure to show; the caller leaves it out when `inUse` already explains a 409. */
  error: string | null;
  /** Why it cannot be removed and who holds it; null when nothing does. */
  inUse: { testId: string; message: React.ReactNode; containers: React.ReactNode } | null;
  /** The remove button's tooltip while `inUse`. */
  blockedTitle?: string;
  /** What removing does, said when nothing holds it. */
  idle: React.ReactNode;
  /** The equivalent docker CLI line. */
  command: string;
}) {
  return (
    <Dialog
      open
      onClose={onClose}
      title={title}
      description={<span className="font-mono break-all text-slate-700">{name}</span>}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" onClick={onConfirm} disabled={running || inUse !== null} title={inUse ? blockedTitle : undefined}>
            {running ? "Removing…" : confirmLabel}
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        {inUse ? (
          <div data-testid={inUse.testId} className="space-y-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
            <p className="font-medium">{inUse.message}</p>
            {inUse.containers}
          </div>
        ) : (
          <p>{idle}</p>
        )}
        <CliCommand command={command} wrap />
        {error ? <FormError>{error}</FormError> : null}
      </div>
    </Dialog>
  );
}
