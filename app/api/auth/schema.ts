import { z } from "zod";

export const loginBodySchema = z.object({
  username: z.string({ error: "username is required" }).min(1, "username is required").max(64),
  password: z.string({ error: "password is required" }).min(1, "password is required").max(256),
});
