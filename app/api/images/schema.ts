import { z } from "zod";
import { IMAGE_FILTERS, IMAGE_SORTS } from "@/lib/images/catalog";

export const imageListQuerySchema = z.object({
  filter: z.enum(IMAGE_FILTERS).optional(),
  q: z.string().max(256).optional(),
  sort: z.enum(IMAGE_SORTS).optional(),
  order: z.enum(["asc", "desc"]).optional(),
});
