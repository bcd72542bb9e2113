"use client";

import { z } from "zod";
import { Button } from "@/app/_components/button";
import { Dialog } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/field";
import { confirmsPassword, MIN_PASSWORD, newPasswordSchema, PasswordField } from "@/app/_components/password-field";
import { useToast } from "@/app/_components/toast";
import { api, loadPage } from "@/app/_lib/api-client";
import { problemOf, useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import type { UserView } from "@/lib/auth/types";

/** The `password` of `PATCH /api/users/{id}`, typed twice. */
const resetFormSchema = z.object({ password: newPasswordSchema, confirm: z.string() }).superRefine(confirmsPassword);

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
  const toast = useToast();
  const form = useZodForm(resetFormSchema, { defaultValues: { password: "", confirm: "" } });
  const { errors, isValid } = form.formState;
  const reset = useAction((password: string) => api.users.update(user.id, { password }), {
    invalidates: ["users"],
    onSuccess: () => {
      if (self) {
        // This session was revoked with the others: sign in again with the new password, in a
        // full load so nothing of the old session stays.
        loadPage("/login");
        return;
      }
      toast(`New password set for ${user.username}; their sessions have ended.`);
      onDone();
      onClose();
    },
  });
  // After the own password changed, the page is on its way to sign in.
  const busy = reset.running || (self && reset.phase === "done");

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
          <Button variant="primary" type="submit" form={formId} disabled={!isValid || busy}>
            {busy ? "Saving…" : "Set password"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={form.handleSubmit(({ password }) => reset.start(password))} className="space-y-4" noValidate>
        <PasswordField
          id="reset-password"
          label="New password"
          focusFirst
          problem={problemOf(errors, "password")}
          hint={`At least ${MIN_PASSWORD} characters.`}
          {...form.register("password", { deps: ["confirm"] })}
        />
        <PasswordField
          id="reset-confirm"
          label="Confirm new password"
          problem={problemOf(errors, "confirm")}
          {...form.register("confirm")}
        />
        {reset.error ? <FormError>{reset.error}</FormError> : null}
      </form>
    </Dialog>
  );
}
