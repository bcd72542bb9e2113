import type { z } from "zod";
import type {
  createEngineBodySchema,
  currentEngineSchema,
  engineListSchema,
  engineTlsSchema,
  engineViewSchema,
  setCurrentEngineBodySchema,
  updateEngineBodySchema,
} from "@/lib/engines/schemas";

export type CreateEngineBody = z.infer<typeof createEngineBodySchema>;
export type UpdateEngineBody = z.infer<typeof updateEngineBodySchema>;
export type SetCurrentEngineBody = z.infer<typeof setCurrentEngineBodySchema>;
export type EngineTls = z.infer<typeof engineTlsSchema>;

export type EngineView = z.infer<typeof engineViewSchema>;
export type EngineList = z.infer<typeof engineListSchema>;
export type CurrentEngine = z.infer<typeof currentEngineSchema>;
