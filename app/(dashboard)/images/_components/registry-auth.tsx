"use client";

import Link from "next/link";
import { useRegistries } from "@/app/_lib/hooks/use-registries";
import { parseReference, registryOf } from "@/lib/reference/reference";

/** The registry a reference names (docker.io when it names none), or null when it does not parse. */
export function registryOfReference(reference: string): string | null {
  try {
    return registryOf(parseReference(reference)).toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Which saved credentials the server will use for a pull or push of this reference: it looks the
 * reference's registry up among the saved ones, exactly by address, and goes anonymous without.
 */
export function RegistryAuthNote({ reference }: { reference: string }) {
  const { data, error } = useRegistries();
  const registry = registryOfReference(reference);
  if (!registry) return null;
  const saved = data?.registries.find((candidate) => candidate.address === registry) ?? null;
  return (
    <p data-testid="registry-auth" className="flex flex-wrap items-center gap-x-1.5 text-xs text-slate-500">
      <span>Registry</span>
      <code className="rounded bg-slate-100 px-1 font-mono text-slate-700">{registry}</code>
      <span aria-hidden>·</span>
      {error ? (
        <span>cannot read the saved registries</span>
      ) : !data ? (
        <span>checking saved credentials…</span>
      ) : saved ? (
        <span>
          as <span className="font-medium text-slate-700">{saved.username}</span> (saved credentials)
        </span>
      ) : (
        <span>
          anonymous: no saved credentials (
          <Link href="/registries" className="text-sky-700 hover:underline">
            Registries
          </Link>
          )
        </span>
      )}
    </p>
  );
}

/** The advice under an "Authentication failed" error: where credentials are saved. */
export function AuthenticationHint({ reference }: { reference: string }) {
  const registry = registryOfReference(reference) ?? "the registry";
  return (
    <p className="mt-1.5 text-xs">
      Save or correct the credentials for <span className="font-mono">{registry}</span> on the{" "}
      <Link href="/registries" className="font-medium underline">
        Registries page
      </Link>
      , then try again.
    </p>
  );
}
