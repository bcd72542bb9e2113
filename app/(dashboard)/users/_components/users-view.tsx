"use client";

import { clsx } from "clsx";
import { useState } from "react";
import { Badge } from "@/app/_components/badge";
import { Notice } from "@/app/_components/notice";
import { ListTable } from "@/app/_components/list-table";
import { RowMenu } from "@/app/_components/row-menu";
import { RelativeTime } from "@/app/_components/relative-time";
import { useToast } from "@/app/_components/toast";
import { api, errorMessage, type UpdateUserInput } from "@/app/_lib/api-client";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { useRevalidate } from "@/app/_lib/hooks/use-revalidate";
import { useUsers } from "@/app/_lib/hooks/use-users";
import type { Role } from "@/lib/auth/roles";
import type { UserView } from "@/lib/auth/types";
import { CreateUserForm } from "./create-user-form";
import { ResetPasswordDialog } from "./reset-password-dialog";
import { RoleOptions } from "@/app/_components/role-options";

const SELF_HINT = "You cannot demote or disable yourself; ask another admin.";

/** The users table with its per-row actions, and the form that adds one. */
export function UsersView({ fallback, currentUserId }: { fallback: UserView[]; currentUserId: string | null }) {
  const { data, error } = useUsers({ fallbackData: { users: fallback } });
  const [resetting, setResetting] = useState<UserView | null>(null);
  const toast = useToast();
  const revalidate = useRevalidate();
  const users = data?.users ?? fallback;
  const updating = useAction((user: UserView, changes: UpdateUserInput, _done: string) => api.users.update(user.id, changes), {
    invalidates: ["users"],
    onSuccess: (_user, _target, _changes, done) => toast(done),
    // A row has no place for a message: the toast says it.
    onFailure: (message) => toast(message, "error"),
  });
  const busy = updating.running ? (updating.args?.[0].id ?? null) : null;
  const update = (user: UserView, changes: UpdateUserInput, done: string) => void updating.start(user, changes, done);

  return (
    <div className="space-y-5">
      <CreateUserForm onCreated={() => revalidate("users")} />

      {error ? (
        <Notice tone="error" title="Cannot refresh the users">
          {errorMessage(error)}
        </Notice>
      ) : null}

      <ListTable
        label="Users"
        columns={["Username", "Role", { label: "Status", hideBelow: "sm" }, { label: "Created", hideBelow: "md" }]}
        below={
          <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-500">
            {users.length} user{users.length === 1 ? "" : "s"}. Disabling a user or resetting their password ends their sessions at once; a
            role change applies to their next request.
          </p>
        }
      >
        {users.map((user) => {
          const self = user.id === currentUserId;
          const pending = busy === user.id;
          return (
            <tr key={user.id} data-testid="user-row" data-username={user.username} className={user.disabled ? "bg-slate-50/70" : undefined}>
              <td className="py-2 pr-3 pl-4">
                <span className={clsx("font-medium break-all", user.disabled && "text-slate-400 line-through")}>{user.username}</span>
                {self ? (
                  <span className="ml-2">
                    <Badge tone="blue">you</Badge>
                  </span>
                ) : null}
              </td>
              <td className="px-3 py-2">
                <select
                  aria-label={`Role of ${user.username}`}
                  value={user.role}
                  disabled={self || pending}
                  title={self ? SELF_HINT : undefined}
                  onChange={(event) => {
                    const role = event.target.value as Role;
                    update(user, { role }, `${user.username} is now ${role}`);
                  }}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500"
                >
                  <RoleOptions />
                </select>
              </td>
              <td className="px-3 py-2" data-testid="user-status">
                {user.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-slate-600">
                <RelativeTime time={user.createdAt} />
              </td>
              <td className="py-2 pr-4 pl-3 text-right whitespace-nowrap">
                <RowMenu
                  label={user.username}
                  role="admin"
                  busy={pending ? "Saving…" : null}
                  items={[
                    { key: "reset", label: "Reset password…", onSelect: () => setResetting(user) },
                    user.disabled
                      ? {
                          key: "enable",
                          label: "Enable",
                          onSelect: () => update(user, { disabled: false }, `${user.username} can sign in again`),
                        }
                      : {
                          key: "disable",
                          label: "Disable",
                          danger: true,
                          disabled: self,
                          title: self ? SELF_HINT : "Signs them out everywhere; API tokens they created stop working",
                          onSelect: () => update(user, { disabled: true }, `${user.username} is disabled and signed out`),
                        },
                  ]}
                />
              </td>
            </tr>
          );
        })}
      </ListTable>

      {resetting ? (
        <ResetPasswordDialog
          user={resetting}
          self={resetting.id === currentUserId}
          onClose={() => setResetting(null)}
          onDone={() => revalidate("users")}
        />
      ) : null}
    </div>
  );
}
