"use client";

import { useState } from "react";
import { requestJson } from "@/app/_components/api";
import { Button } from "@/app/_components/button";
import { Dialog } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/field";
import { confirmProblem, MIN_PASSWORD, newPasswordProblem, PasswordField } from "@/app/_components/password-field";
import { useToast } from "@/app/_components/toast";
import type { UserView } from "@/lib/auth/types";

/** PATCH /api/users/{id} {"password"}: a new password, which also signs the user out everywhere. */
export function ResetPasswordDialog({
  user,
  self,
  onClose,
  onDone,
}: {
  user: UserView;
  /** The signed-in admin's own account: the reset ends this session too. */
  self: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();

  const passwordProblem = newPasswordProblem(password);
  const confirmationProblem = confirmProblem(password, confirm);
  const valid = password.length >= MIN_PASSWORD && confirm === password;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!valid || pending) return;
    setPending(true);
    setError(null);
    try {
      await requestJson(`/api/users/${encodeURIComponent(user.id)}`, { method: "PATCH", body: { password } });
      if (self) {
        // This session was revoked with the others: sign in again with the new password.
        window.location.assign("/login");
        return;
      }
      toast(`New password set for ${user.username}; their sessions have ended.`);
      onDone();
      onClose();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setPending(false);
    }
  };

  const formId = "reset-password-form";
  return (
    <Dialog
      open
      onClose={onClose}
      title="Reset password"
      description={
        <>
          A new password for <span className="font-medium text-slate-700">{user.username}</span>.{" "}
          {self ? "It signs you out everywhere, this browser included." : "It signs them out everywhere."}
        </>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} disabled={!valid || pending}>
            {pending ? "Saving…" : "Set password"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        <PasswordField
          id="reset-password"
          label="New password"
          autoFocus
          value={password}
          onChange={setPassword}
          problem={passwordProblem}
          hint={`At least ${MIN_PASSWORD} characters.`}
        />
        <PasswordField
          id="reset-confirm"
          label="Confirm new password"
          value={confirm}
          onChange={setConfirm}
          problem={confirmationProblem}
        />
        {error ? <FormError>{error}</FormError> : null}
      </form>
    </Dialog>
  );
}
