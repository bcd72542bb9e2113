import type { z } from "zod";
import type {
  apiTokenListSchema,
  apiTokenViewSchema,
  createdApiTokenSchema,
  createTokenBodySchema,
  createUserBodySchema,
  loginBodySchema,
  loginResultSchema,
  meSchema,
  setupBodySchema,
  setupResultSchema,
  signedInUserSchema,
  signedOutSchema,
  updateUserBodySchema,
  userListSchema,
  userViewSchema,
} from "@/lib/auth/schemas";

export type LoginBody = z.infer<typeof loginBodySchema>;
export type SetupBody = z.infer<typeof setupBodySchema>;
export type CreateUserBody = z.infer<typeof createUserBodySchema>;
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;
export type CreateTokenBody = z.infer<typeof createTokenBodySchema>;

export type UserView = z.infer<typeof userViewSchema>;
export type UserList = z.infer<typeof userListSchema>;
export type ApiTokenView = z.infer<typeof apiTokenViewSchema>;
export type ApiTokenList = z.infer<typeof apiTokenListSchema>;
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
export type Me = z.infer<typeof meSchema>;
export type SignedInUser = z.infer<typeof signedInUserSchema>;
export type LoginResult = z.infer<typeof loginResultSchema>;
export type SetupResult = z.infer<typeof setupResultSchema>;
export type SignedOut = z.infer<typeof signedOutSchema>;
