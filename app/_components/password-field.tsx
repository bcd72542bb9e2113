import { Field, inputClass } from "./field";

// The server's passwordSchema minimum, checked here too so forms can say so before sending.
export const MIN_PASSWORD = 10;

/** Why a new password would be refused, or null; an empty one is not yet a problem. */
export function newPasswordProblem(password: string): string | null {
  return password && password.length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters.` : null;
}

/** Why a confirmation does not confirm, or null while it is still empty. */
export function confirmProblem(password: string, confirm: string): string | null {
  return confirm && confirm !== password ? "The passwords differ." : null;
}

/** A labelled password input that never autofills a saved password (it sets or changes one). */
export function PasswordField({
  id,
  label,
  value,
  onChange,
  problem = null,
  hint,
  placeholder,
  autoFocus = false,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem?: string | null;
  hint?: React.ReactNode;
  placeholder?: string;
  autoFocus?: boolean;
}) {
  return (
    <Field label={label} htmlFor={id} problem={problem} hint={hint}>
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        autoFocus={autoFocus}
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problem !== null}
        className={inputClass(problem !== null)}
      />
    </Field>
  );
}
