"use client";

import { useState } from "react";
import useSWR from "swr";
import { fetchJson, requestJson, retrySteadily } from "@/app/_components/api";
import { Badge } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { Notice } from "@/app/_components/notice";
import { ListTable } from "@/app/_components/list-table";
import { RelativeTime } from "@/app/_components/relative-time";
import { useToast } from "@/app/_components/toast";
import type { Role } from "@/lib/auth/roles";
import type { UserView } from "@/lib/auth/types";
import { CreateUserForm } from "./create-user-form";
import { ResetPasswordDialog } from "./reset-password-dialog";
import { RoleOptions } from "@/app/_components/role-options";

const SELF_HINT = "You cannot demote or disable yourself; ask another admin.";

/** The users table with its per-row actions, and the form that adds one. */
export function UsersView({ fallback, currentUserId }: { fallback: UserView[]; currentUserId: string | null }) {
  const { data, error, mutate } = useSWR<{ users: UserView[] }>("/api/users", fetchJson, {
    fallbackData: { users: fallback },
    onErrorRetry: retrySteadily,
  });
  const [resetting, setResetting] = useState<UserView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const toast = useToast();
  const users = data?.users ?? fallback;

  const update = async (user: UserView, changes: { role?: Role; disabled?: boolean }, done: string) => {
    setBusy(user.id);
    try {
      await requestJson<UserView>(`/api/users/${encodeURIComponent(user.id)}`, { method: "PATCH", body: changes });
      toast(done);
    } catch (caught) {
      toast(caught instanceof Error ? caught.message : String(caught), "error");
    } finally {
      setBusy(null);
      void mutate();
    }
  };

  return (
    <div className="space-y-5">
      <CreateUserForm onCreated={() => void mutate()} />

      {error ? (
        <Notice tone="error" title="Cannot refresh the users">
          {error instanceof Error ? error.message : String(error)}
        </Notice>
      ) : null}

      <ListTable
        columns={["Username", "Role", "Status", "Created"]}
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
                <span className={`font-medium ${user.disabled ? "text-slate-400 line-through" : ""}`}>{user.username}</span>
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
                    void update(user, { role }, `${user.username} is now ${role}`);
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
                <Button size="sm" variant="ghost" onClick={() => setResetting(user)} aria-label={`Reset password of ${user.username}`}>
                  Reset password
                </Button>
                {user.disabled ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={pending}
                    onClick={() => void update(user, { disabled: false }, `${user.username} can sign in again`)}
                    aria-label={`Enable ${user.username}`}
                  >
                    Enable
                  </Button>
                ) : (
                  <Button
                    size="sm"
                    variant="ghost-danger"
                    disabled={self || pending}
                    title={self ? SELF_HINT : "Signs them out everywhere; API tokens they created stop working"}
                    onClick={() => void update(user, { disabled: true }, `${user.username} is disabled and signed out`)}
                    aria-label={`Disable ${user.username}`}
                  >
                    Disable
                  </Button>
                )}
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
          onDone={() => void mutate()}
        />
      ) : null}
    </div>
  );
}
