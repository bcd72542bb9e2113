import { E2E_ADMIN } from "../playwright.config";

/** The admin the server creates on first start (playwright.config passes it to the server). */
export const ADMIN = E2E_ADMIN;

/** A storageState with no cookies: for a context that starts signed out. */
export const SIGNED_OUT = { cookies: [], origins: [] };
