"use client";

import { Dialog, RemoveFooter } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import { api } from "@/app/_lib/api-client";
import { useAction } from "@/app/_lib/hooks/use-operation";
import type { ApiTokenView } from "@/lib/auth/types";

/** DELETE /api/tokens/{id}, after saying what it breaks: revoking cannot be undone. */
export function RevokeTokenDialog({ token, onClose }: { token: ApiTokenView; onClose: () => void }) {
  const toast = useToast();
  const revocation = useAction(() => api.tokens.revoke(token.id), {
    invalidates: ["tokens"],
    onSuccess: () => {
      toast(`Revoked token ${token.name}`);
      onClose();
    },
  });

  return (
    <Dialog
      open
      onClose={onClose}
      title="Revoke token"
      description={
        <>
          <span className="font-mono text-slate-700">{token.name}</span> ({token.role})
        </>
      }
      footer={
        <RemoveFooter
          onCancel={onClose}
          onConfirm={() => void revocation.start()}
          running={revocation.running}
          label="Revoke"
          runningLabel="Revoking…"
        />
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        <p>Every program using this token gets 401 from its next request on. This cannot be undone; a new token would have a new secret.</p>
        {revocation.error ? <FormError>{revocation.error}</FormError> : null}
      </div>
    </Dialog>
  );
}
