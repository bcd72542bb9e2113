import { tagImage } from "@/lib/images/actions";
import { decodeParam, readJsonBody, route } from "@/lib/http/route";
import { tagImageBodySchema } from "../schema";

export const dynamic = "force-dynamic";

/** POST /api/images/{ref}/tag {"repo","tag"}: `docker tag`; 201 with the new reference. */
export const POST = route<{ ref: string }>({ role: "operator" }, async (request, { params, actor }) => {
  const body = await readJsonBody(request, tagImageBodySchema);
  const tagged = await tagImage({ ref: decodeParam(params.ref), repo: body.repo, tag: body.tag, actor });
  return Response.json(tagged, { status: 201 });
});
