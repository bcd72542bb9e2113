import type { Principal, Role } from "@/lib/auth/roles";

/** What a page shows instead of its content to a signed-in user whose role is too low for it. */
export function NeedsRole({ role, principal, what }: { role: Role; principal: Principal; what: string }) {
  const name = principal.kind === "user" ? principal.username : principal.name;
  return (
    <section data-testid="needs-role" className="mx-auto max-w-xl space-y-3 py-16 text-center">
      <p className="text-5xl font-semibold text-slate-300">403</p>
      <h1 className="text-xl font-semibold">You need the {role} role</h1>
      <p className="text-sm text-slate-500">
        {what} is for the {role} role. You are signed in as <span className="font-medium text-slate-700">{name}</span> with the{" "}
        <span className="font-medium text-slate-700">{principal.role}</span> role; an admin can change it on the Users page.
      </p>
    </section>
  );
}
