import type { Metadata } from "next";
import { connection } from "next/server";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { VolumeDetailView } from "../_components/volume-detail-view";

type Params = Promise<{ name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const name = decodeURIComponent((await params).name);
  return { title: `Volume ${/^[0-9a-f]{64}$/.test(name) ? name.slice(0, 12) : name}` };
}

export default async function VolumePage({ params }: { params: Params }) {
  const { principal } = await requirePagePrincipal("viewer");
  await connection();
  return <VolumeDetailView name={decodeURIComponent((await params).name)} role={principal.role} />;
}
