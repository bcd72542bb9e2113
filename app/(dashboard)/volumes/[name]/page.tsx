import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { SWRConfig } from "swr";
import { apiKeys, engineFallback } from "@/app/_lib/api-client";
import { getPageEngine, onPageEngine } from "@/app/_lib/page-engine";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { isAppError } from "@/lib/errors";
import { decodeParam } from "@/lib/http/parse";
import { inspectVolume } from "@/lib/volumes/queries";
import { volumeParamsSchema } from "@/lib/volumes/schemas";
import type { VolumeDetail } from "@/lib/volumes/types";
import { VolumeDetailView } from "../_components/volume-detail-view";

type Params = Promise<{ name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const name = decodeParam((await params).name);
  return { title: `Volume ${/^[0-9a-f]{64}$/.test(name) ? name.slice(0, 12) : name}` };
}

/**
 * One volume. It is read here first so that an unknown or invalid name answers a real 404
 * (volumes/not-found.tsx) rather than a 200 page saying so; the answer seeds the view's SWR key.
 */
export default async function VolumePage({ params }: { params: Params }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  const name = decodeParam((await params).name);
  if (!volumeParamsSchema.safeParse({ name }).success) notFound();
  let volume: VolumeDetail | null = null;
  try {
    volume = await onPageEngine(() => inspectVolume(name));
  } catch (caught) {
    if (!isAppError(caught)) throw caught;
    if (caught.type === "not_found" || caught.type === "bad_request") notFound();
    // Engine down: render the view, which says so and keeps retrying.
    if (caught.type !== "unavailable") throw caught;
  }
  return (
    <SWRConfig value={{ fallback: volume ? engineFallback((await getPageEngine()).engine.id, apiKeys.volume(name), volume) : {} }}>
      <VolumeDetailView name={name} role={principal.role} />
    </SWRConfig>
  );
}
