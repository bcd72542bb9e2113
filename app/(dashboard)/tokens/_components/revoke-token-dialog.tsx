"use client";

import { useState } from "react";
import { requestJson } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { Dialog } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import type { ApiTokenView } from "@/lib/auth/types";

/** DELETE /api/tokens/{id}, after saying what it breaks: revoking cannot be undone. */
export function RevokeTokenDialog({ token, onClose, onRevoked }: { token: ApiTokenView; onClose: () => void; onRevoked: () => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();

  const revoke = async () => {
    setPending(true);
    setError(null);
    try {
      await requestJson<ApiTokenView>(`/api/tokens/${encodeURIComponent(token.id)}`, { method: "DELETE" });
      toast(`Revoked token ${token.name}`);
      onRevoked();
      onClose();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setPending(false);
    }
  };

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
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => void revoke()} disabled={pending}>
            {pending ? "Revoking…" : "Revoke"}
          </Button>
        </>
      }
    >
      <div className="space-y-3 text-sm text-slate-600">
        <p>Every program using this token gets 401 from its next request on. This cannot be undone; a new token would have a new secret.</p>
        {error ? <FormError>{error}</FormError> : null}
      </div>
    </Dialog>
  );
}
