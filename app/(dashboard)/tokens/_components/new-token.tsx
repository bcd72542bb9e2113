"use client";

import { useState } from "react";
import { Button } from "@/app/_components/button";
import { CliCommand } from "@/app/_components/cli-command";

/**
 * A token just created: the only time its secret exists outside the hash, so it is shown with a
 * copy button, a warning and an example of its use.
 */
export function NewToken({ name, token, origin, onDismiss }: { name: string; token: string; origin: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard access needs a secure context; the box is selectable by hand.
    }
  };
  return (
    <section
      data-testid="new-token"
      aria-label={`New token ${name}`}
      className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-4"
    >
      <div>
        <h2 className="text-base font-semibold text-amber-950">
          Token <span className="font-mono">{name}</span> created
        </h2>
        <p role="status" className="text-sm text-amber-900">
          Copy it now: it will not be shown again. Only a hash is kept, so a lost token cannot be recovered; revoke it and create another.
        </p>
      </div>
      <div className="flex items-center gap-2 rounded-md border border-amber-200 bg-white p-1.5 pl-3">
        <code data-testid="new-token-value" className="min-w-0 flex-1 overflow-x-auto font-mono text-sm whitespace-nowrap select-all">
          {token}
        </code>
        <Button size="sm" variant="secondary" onClick={() => void copy()} aria-label="Copy token">
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <div>
        <p className="mb-1.5 text-xs font-medium text-amber-900">Use it as a bearer token, e.g.</p>
        <CliCommand command={`curl -H "Authorization: Bearer ${token}" ${origin}/api/images`} testId="new-token-usage" />
      </div>
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onDismiss}>
          I have copied it
        </Button>
      </div>
    </section>
  );
}
