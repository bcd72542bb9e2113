import { z } from "zod";
import { passwordSchema } from "@/lib/auth/schemas";
import { Field, inputClass } from "./field";

/** The server's password policy minimum, for hints. */
export const MIN_PASSWORD = passwordSchema.minLength ?? 10;

/** A new password as forms read it: the server's policy (`passwordSchema`), said the way a form says it. */
export const newPasswordSchema = z.string().min(MIN_PASSWORD, `At least ${MIN_PASSWORD} characters.`).pipe(passwordSchema);

/**
 * Requires `confirm` to repeat `password`. An empty confirmation blocks the form without a message
 * yet: the user may not have reached it.
 *
 * @example z.object({ password: newPasswordSchema, confirm: z.string() }).superRefine(confirmsPassword)
 */
export function confirmsPassword({ password, confirm }: { password: string; confirm: string }, context: z.RefinementCtx): void {
  if (confirm === "") context.addIssue({ code: "custom", path: ["confirm"], message: "" });
  else if (confirm !== password) context.addIssue({ code: "custom", path: ["confirm"], message: "The passwords differ." });
}

/**
 * A labelled password input that never autofills a saved password (it sets or changes one). The
 * input's own props come from the form (`{...form.register("password")}`).
 */
export function PasswordField({
  id,
  label,
  problem = null,
  hint,
  placeholder,
  focusFirst = false,
  ...input
}: {
  id: string;
  label: string;
  problem?: string | null;
  hint?: React.ReactNode;
  placeholder?: string;
  /** Takes the focus when its dialog opens. */
  focusFirst?: boolean;
} & Pick<React.InputHTMLAttributes<HTMLInputElement>, "name" | "onChange" | "onBlur" | "disabled"> & {
    ref?: React.Ref<HTMLInputElement>;
  }) {
  return (
    <Field label={label} htmlFor={id} problem={problem} hint={hint}>
      <input
        {...input}
        id={id}
        type="password"
        autoComplete="new-password"
        data-autofocus={focusFirst || undefined}
        placeholder={placeholder}
        className={inputClass(Boolean(problem))}
      />
    </Field>
  );
}
