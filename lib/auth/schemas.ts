import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";

// Requests

/** The password policy for new and reset passwords (sign-in checks only that one is given). */
export const passwordSchema = z
  .string({ error: "password is required" })
  .min(10, "password must be at least 10 characters")
  .max(256, "password must be at most 256 characters");

export const usernameSchema = z
  .string({ error: "username is required" })
  .trim()
  .min(1, "username is required")
  .max(64, "username must be at most 64 characters")
  .regex(/^[A-Za-z0-9_.@-]+$/, "username may use letters, digits and _ . @ - only");

/**
 * `POST /api/auth/login`. Looser than the username and password policies on purpose: within these
 * lengths, a name or password that breaks them is simply wrong credentials (401), not a 400.
 */
export const loginBodySchema = z.object({
  username: z.string({ error: "username is required" }).min(1, "username is required").max(64),
  password: z.string({ error: "password is required" }).min(1, "password is required").max(256),
});

/** `POST /api/auth/setup`: the first admin. */
export const setupBodySchema = z.object({ username: usernameSchema, password: passwordSchema });

/** `POST /api/users`. */
export const createUserBodySchema = z.object({ username: usernameSchema, password: passwordSchema, role: roleSchema });

/** `PATCH /api/users/{id}`: change the role, disable or enable, or reset the password. */
export const updateUserBodySchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional(), password: passwordSchema.optional() })
  .refine((body) => Object.keys(body).length > 0, "give at least one of role, disabled, password");

/** `POST /api/tokens`. */
export const createTokenBodySchema = z.object({
  name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(64, "name must be at most 64 characters"),
  role: roleSchema,
});

/** `{id}` in `/api/users/{id}`: an unknown id is a 404, not a 400. */
export const userIdParamsSchema = z.object({ id: z.string().min(1, "a user id is required").max(128) });

/** `{id}` in `/api/tokens/{id}`: an unknown id is a 404, not a 400. */
export const tokenIdParamsSchema = z.object({ id: z.string().min(1, "a token id is required").max(128) });

// Results

export const userViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const userListSchema = z.object({ users: z.array(userViewSchema) });

/** An API token as lists show it: its prefix to recognise it by, never the secret. */
export const apiTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the token (`dsh_` and six more). */
  prefix: z.string(),
  role: roleSchema,
  /** The admin who created it; the token stops working when they are disabled. */
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  /** Updated at most once a minute. */
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});

export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenViewSchema) });

/** `POST /api/tokens`: the secret, shown this once (only its hash is kept). */
export const createdApiTokenSchema = z.object({ token: z.string(), apiToken: apiTokenViewSchema });

/** `GET /api/auth/me`: who the caller is. */
export const meSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("user"), username: z.string(), role: roleSchema }),
  z.object({ kind: z.literal("token"), name: z.string(), role: roleSchema }),
]);

export const signedInUserSchema = z.object({ username: z.string(), role: roleSchema });

/** `POST /api/auth/login`: the session itself travels in the HttpOnly cookie. */
export const loginResultSchema = z.object({ user: signedInUserSchema, expiresAt: z.iso.datetime() });

/** `POST /api/auth/setup`: the first admin, signed in by the cookie. */
export const setupResultSchema = z.object({ user: signedInUserSchema });

/** `POST /api/auth/logout`: the session is revoked and the cookie cleared. */
export const signedOutSchema = z.object({ ok: z.literal(true) });
