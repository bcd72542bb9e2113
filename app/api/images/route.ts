import type { NextRequest } from "next/server";
import { listImages } from "@/lib/docker/images";
import { queryImages } from "@/lib/images/catalog";
import { readQuery, route } from "@/lib/http/route";
import { imageListQuerySchema } from "./schema";

export const dynamic = "force-dynamic";

/** GET /api/images?filter=&q=&sort=&order=: every image with sizes, sharing and container counts. */
export const GET = route({ role: "viewer" }, async (request: NextRequest) => {
  const query = readQuery(request, imageListQuerySchema);
  const list = await listImages();
  return Response.json({ images: queryImages(list.images, query), totals: list.totals });
});
