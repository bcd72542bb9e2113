import type { z } from "zod";
import type { engineObjectEventSchema, engineStateEventSchema, eventsQuerySchema, liveEventSchema } from "@/lib/events/schemas";

export type EngineObjectEvent = z.infer<typeof engineObjectEventSchema>;
export type EngineStateEvent = z.infer<typeof engineStateEventSchema>;
export type LiveEvent = z.infer<typeof liveEventSchema>;
export type EventsQuery = z.output<typeof eventsQuerySchema>;
