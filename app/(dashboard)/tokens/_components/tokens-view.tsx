"use client";

import { useState } from "react";
import { useWatch } from "react-hook-form";
import { Badge, type BadgeTone } from "@/app/_components/badge";
import { Button } from "@/app/_components/button";
import { Field, FormError, inputClass } from "@/app/_components/field";
import { Notice } from "@/app/_components/notice";
import { ListTable } from "@/app/_components/list-table";
import { RowMenu } from "@/app/_components/row-menu";
import { RelativeTime } from "@/app/_components/relative-time";
import type { ApiTokenView } from "@/lib/auth/types";
import type { Role } from "@/lib/auth/roles";
import { ROLE_SUMMARY, RoleOptions } from "@/app/_components/role-options";
import { api, errorMessage, type CreateTokenInput } from "@/app/_lib/api-client";
import { problemOf, useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";
import { useTokens } from "@/app/_lib/hooks/use-tokens";
import { createTokenBodySchema } from "@/lib/auth/schemas";
import { NewToken } from "./new-token";
import { RevokeTokenDialog } from "./revoke-token-dialog";

const ROLE_TONE: Record<Role, BadgeTone> = { viewer: "gray", operator: "blue", admin: "violet" };

/** The token list, the form that creates one, and the one-time display of a new token. */
export function TokensView({ fallback }: { fallback: ApiTokenView[] }) {
  const { data, error } = useTokens({ fallbackData: { tokens: fallback } });
  const form = useZodForm(createTokenBodySchema, { defaultValues: { name: "", role: "viewer" } });
  const role = useWatch({ control: form.control, name: "role" });
  const { errors, isValid } = form.formState;
  const [created, setCreated] = useState<{ name: string; token: string; origin: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenView | null>(null);
  const tokens = data?.tokens ?? fallback;
  const creation = useAction((body: CreateTokenInput) => api.tokens.create(body), {
    invalidates: ["tokens"],
    onSuccess: (result) => {
      setCreated({ name: result.apiToken.name, token: result.token, origin: window.location.origin });
      form.reset();
    },
  });

  return (
    <div className="space-y-5">
      <form
        onSubmit={form.handleSubmit((body) => creation.start(body))}
        aria-label="Create token"
        className="space-y-3 rounded-lg border border-slate-200 bg-white px-4 py-4"
        noValidate
      >
        <h2 className="text-base font-semibold">Create a token</h2>
        <div className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-start">
          <Field label="Name" htmlFor="new-token-name" problem={problemOf(errors, "name")} hint="What uses it, e.g. ci-nightly">
            <input
              id="new-token-name"
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              className={inputClass(errors.name !== undefined)}
              {...form.register("name")}
            />
          </Field>
          <Field label="Role" htmlFor="new-token-role" hint={ROLE_SUMMARY[role]}>
            <select id="new-token-role" className={inputClass()} {...form.register("role")}>
              <RoleOptions />
            </select>
          </Field>
          <Button variant="primary" type="submit" disabled={!isValid || creation.running} className="sm:mt-5">
            {creation.running ? "Creating…" : "Create token"}
          </Button>
        </div>
        {creation.error ? <FormError>{creation.error}</FormError> : null}
      </form>

      {created ? <NewToken name={created.name} token={created.token} origin={created.origin} onDismiss={() => setCreated(null)} /> : null}

      {error ? (
        <Notice tone="error" title="Cannot refresh the tokens">
          {errorMessage(error)}
        </Notice>
      ) : null}

      <ListTable
        label="API tokens"
        columns={[
          "Name",
          { label: "Token", hideBelow: "md" },
          "Role",
          { label: "Created by", hideBelow: "lg" },
          { label: "Created", hideBelow: "lg" },
          { label: "Last used", hideBelow: "md" },
          { label: "Status", hideBelow: "sm" },
        ]}
        below={
          tokens.length === 0 ? (
            <p data-testid="tokens-empty" className="px-4 py-12 text-center text-sm text-slate-500">
              No API tokens yet.
            </p>
          ) : null
        }
      >
        {tokens.map((token) => (
          <tr
            key={token.id}
            data-testid="token-row"
            data-token-name={token.name}
            data-revoked={token.revokedAt ? "true" : "false"}
            className={token.revokedAt ? "text-slate-400" : undefined}
          >
            <td className="py-2 pr-3 pl-4">
              <span className="font-medium break-all">{token.name}</span>
              {/* Where Status gave way (phones), a revoked token still says so. */}
              {token.revokedAt ? <span className="block text-xs text-red-700 sm:hidden">revoked</span> : null}
            </td>
            <td className="px-3 py-2 font-mono text-xs" title="The first characters, to tell tokens apart; the rest is never stored">
              {token.prefix}…
            </td>
            <td className="px-3 py-2">
              <Badge tone={ROLE_TONE[token.role]}>{token.role}</Badge>
            </td>
            <td className="px-3 py-2">{token.createdBy}</td>
            <td className="px-3 py-2 whitespace-nowrap">
              <RelativeTime time={token.createdAt} />
            </td>
            <td className="px-3 py-2 whitespace-nowrap" data-testid="token-last-used">
              {token.lastUsedAt ? <RelativeTime time={token.lastUsedAt} /> : <span className="text-slate-400">never</span>}
            </td>
            <td className="px-3 py-2 whitespace-nowrap" data-testid="token-status">
              {token.revokedAt ? (
                <span className="inline-flex items-center gap-1.5">
                  <Badge tone="red">revoked</Badge>
                  <RelativeTime time={token.revokedAt} className="text-xs" />
                </span>
              ) : (
                <Badge tone="green">active</Badge>
              )}
            </td>
            <td className="py-2 pr-4 pl-3 text-right">
              {token.revokedAt ? null : (
                <RowMenu
                  label={token.name}
                  role="admin"
                  items={[{ key: "revoke", label: "Revoke…", danger: true, onSelect: () => setRevoking(token) }]}
                />
              )}
            </td>
          </tr>
        ))}
      </ListTable>

      {revoking ? <RevokeTokenDialog token={revoking} onClose={() => setRevoking(null)} /> : null}
    </div>
  );
}
