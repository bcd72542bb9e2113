"use client";

import { hasRole, type Role } from "@/lib/auth/roles";
import { Button } from "./button";

/**
 * A button for an action that needs at least `needs`: disabled, with a "needs …" tooltip, for a
 * lower `role`. Only a hint: the API refuses the action on its own with 403.
 */
export function RoleButton({ role, needs, ...props }: React.ComponentProps<typeof Button> & { role: Role; needs: Role }) {
  if (hasRole(role, needs)) return <Button {...props} />;
  const hint = `needs ${needs}`;
  return (
    // A disabled button gets no pointer events in some browsers; the wrapper keeps the tooltip.
    <span title={hint} data-role-gate className="inline-flex cursor-not-allowed">
      <Button {...props} onClick={undefined} disabled title={hint} />
    </span>
  );
}
