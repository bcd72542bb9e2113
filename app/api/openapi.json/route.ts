import { route } from "@/lib/http/route";
import { openApiDocumentContract } from "./contract";
import { apiDocument } from "./routes";

export const dynamic = "force-dynamic";

export const GET = route(openApiDocumentContract, async () => Response.json(apiDocument()));
