import { z } from "zod";

/** A yes/no query parameter: `true`/`1` or `false`/`0`; anything else is a 400 from readQuery. */
export const queryFlag = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");
