import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { test as base, expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { SIGNED_OUT } from "./auth";
import { AuditPage } from "./pages/audit-page";
import { ContainerDetailPage } from "./pages/container-detail-page";
import { ContainersPage } from "./pages/containers-page";
import { EngineHeader } from "./pages/engine-header";
import { ImageDetailPage } from "./pages/image-detail-page";
import { ImagesPage } from "./pages/images-page";
import { LoginPage } from "./pages/login-page";
import { RegistriesPage } from "./pages/registries-page";
import { TokensPage } from "./pages/tokens-page";
import { UsersPage } from "./pages/users-page";

/**
 * A name no earlier run used, so reruns (and a run that died before cleaning up) never collide.
 * Docker repository names are lowercase, which hex is.
 */
export function uniqueName(prefix = "e2e"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/**
 * The docker CLI against the private engine the suite runs on, for setup the dashboard cannot do
 * itself (it has no "create container" action). Everything under test goes through the app.
 */
export const dockerCli = {
  run(args: string[]): string {
    if (!process.env.DOCKER_HOST) throw new Error("DOCKER_HOST must point at the test engine (e.g. unix:///tmp/sbx/docker.sock)");
    return execFileSync(process.env.DOCKER_CLI ?? "docker", args, { env: process.env, encoding: "utf8", timeout: 30_000 }).trim();
  },
  /** `docker create`: a stopped container, which still blocks `docker rmi` of its image. */
  createContainer(name: string, image: string): string {
    return dockerCli.run(["create", "--name", name, image]);
  },
  removeContainer(name: string): void {
    try {
      dockerCli.run(["rm", "-f", "-v", name]);
    } catch {
      // Already gone: cleanup must not fail a run.
    }
  },
};

type ImageSummaryJson = { id: string; repoTags: string[]; containers: number; dangling: boolean };

/** Calls to the dashboard's own JSON API, for setup and for facts to compare the UI against. */
export const dashboardApi = {
  async engine(request: APIRequestContext) {
    const response = await request.get("/api/engine");
    expect(response.status(), "engine must be reachable for the e2e suite").toBe(200);
    return (await response.json()) as {
      version: string;
      apiVersion: string;
      storageDriver: string;
      dockerHost: string;
      os: string;
      arch: string;
    };
  },
  async images(request: APIRequestContext): Promise<ImageSummaryJson[]> {
    const response = await request.get("/api/images");
    expect(response.ok()).toBeTruthy();
    return ((await response.json()) as { images: ImageSummaryJson[] }).images;
  },
  async imageId(request: APIRequestContext, reference: string): Promise<string> {
    const images = await dashboardApi.images(request);
    const image = images.find((candidate) => candidate.repoTags.includes(reference));
    if (!image) throw new Error(`fixture image ${reference} is missing from the engine`);
    return image.id;
  },
  async tag(request: APIRequestContext, source: string, repo: string, tag: string): Promise<void> {
    const response = await request.post(`/api/images/${encodeURIComponent(source)}/tag`, { data: { repo, tag } });
    expect(response.status(), await response.text()).toBe(201);
  },
  /** DELETE /api/images/{ref}; returns the status so a test can also record a failed removal. */
  async remove(request: APIRequestContext, reference: string): Promise<number> {
    const response = await request.delete(`/api/images/${encodeURIComponent(reference)}`);
    return response.status();
  },
};

type ContainerSummaryJson = { id: string; name: string; state: string; sizeRw: number | null; sizeRootFs: number | null };

/** Containers and their audit trail through the API, to compare the UI against. */
export const containerApi = {
  /** GET /api/containers, the container of this name, or null when the engine has none. */
  async find(request: APIRequestContext, name: string): Promise<ContainerSummaryJson | null> {
    const response = await request.get("/api/containers");
    expect(response.status(), await response.text()).toBe(200);
    const { containers } = (await response.json()) as { containers: ContainerSummaryJson[] };
    return containers.find((container) => container.name === name) ?? null;
  },
  /** The docker lines of the audit entries about this target, newest first, with their outcomes. */
  async auditCommands(request: APIRequestContext, target: string): Promise<{ command: string; outcome: string }[]> {
    const response = await request.get(`/api/audit?target=${encodeURIComponent(target)}&limit=50`);
    expect(response.status(), await response.text()).toBe(200);
    const { entries } = (await response.json()) as { entries: { command: string; outcome: string }[] };
    return entries.map(({ command, outcome }) => ({ command, outcome }));
  },
};

type ImageDetailJson = {
  summary: { id: string; repoTags: string[]; layerCount: number };
  config: { cmd: string[] | null; env: string[] };
};

/** Image operations and saved registries through the API, for setup, cleanup and cross-checks. */
export const transferApi = {
  /** GET /api/images/{ref}, or null when the engine has no such image. */
  async image(request: APIRequestContext, reference: string): Promise<ImageDetailJson | null> {
    const response = await request.get(`/api/images/${encodeURIComponent(reference)}`);
    if (response.status() === 404) return null;
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as ImageDetailJson;
  },
  /** DELETE /api/images/{ref}?force=true: cleanup that must not depend on tags left behind. */
  async forceRemove(request: APIRequestContext, reference: string): Promise<number> {
    return (await request.delete(`/api/images/${encodeURIComponent(reference)}?force=true`)).status();
  },
  async registries(request: APIRequestContext): Promise<{ id: string; address: string; username: string }[]> {
    const response = await request.get("/api/registries");
    expect(response.status(), await response.text()).toBe(200);
    return ((await response.json()) as { registries: { id: string; address: string; username: string }[] }).registries;
  },
  /** Saves (or corrects) a registry's credentials, whatever state an earlier run left them in. */
  async saveRegistry(request: APIRequestContext, credentials: { address: string; username: string; password: string }): Promise<string> {
    const existing = (await transferApi.registries(request)).find((registry) => registry.address === credentials.address);
    if (existing) {
      const response = await request.patch(`/api/registries/${existing.id}`, {
        data: { username: credentials.username, password: credentials.password },
      });
      expect(response.status(), await response.text()).toBe(200);
      return existing.id;
    }
    const response = await request.post("/api/registries", { data: credentials });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  },
  async registryTags(request: APIRequestContext, id: string, repository: string): Promise<string[]> {
    const response = await request.get(`/api/registries/${id}/tags?repository=${encodeURIComponent(repository)}`);
    if (response.status() === 404) return [];
    expect(response.status(), await response.text()).toBe(200);
    return ((await response.json()) as { tags: string[] }).tags;
  },
};

/** The registry CI provides (a registry:2 with htpasswd auth), or null when the run has none. */
export function testRegistry(): { address: string; username: string; password: string } {
  const { REGISTRY_ADDRESS: address, REGISTRY_USERNAME: username, REGISTRY_PASSWORD: password } = process.env;
  // `npm test` always starts one; a run without it must fail, not pass by skipping.
  if (!address || !username || !password) {
    throw new Error(
      "the registry specs need REGISTRY_ADDRESS, REGISTRY_USERNAME and REGISTRY_PASSWORD (npm test starts a registry and sets them)",
    );
  }
  return { address, username, password };
}

/**
 * A page in a browser context of its own that starts signed out (the suite's default context is
 * the admin's), for signing in as another user. Close its context when done.
 */
export async function newSignedOutPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  return context.newPage();
}

/**
 * A user made for one test (`role`, a fresh name starting with `prefix`), signed in on a page of
 * its own at `path` (the images list by default). `close()` closes that page and disables the
 * user: users cannot be deleted, and a disabled one cannot sign in again.
 */
export async function signInAsNewUser(
  browser: Browser,
  request: APIRequestContext,
  { prefix, role, path }: { prefix: string; role: "viewer" | "operator" | "admin"; path?: string },
): Promise<{ page: Page; username: string; close: () => Promise<void> }> {
  const username = uniqueName(prefix);
  const password = `${role}-password-1`;
  const created = await request.post("/api/users", { data: { username, password, role } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const page = await newSignedOutPage(browser);
  const close = async () => {
    await page.context().close();
    await request.patch(`/api/users/${id}`, { data: { disabled: true } });
  };
  try {
    const login = new LoginPage(page);
    await login.goto(path);
    await login.signIn(username, password);
  } catch (error) {
    await close();
    throw error;
  }
  return { page, username, close };
}

type PageFixtures = {
  header: EngineHeader;
  imagesPage: ImagesPage;
  imageDetailPage: ImageDetailPage;
  auditPage: AuditPage;
  loginPage: LoginPage;
  usersPage: UsersPage;
  tokensPage: TokensPage;
  registriesPage: RegistriesPage;
  containersPage: ContainersPage;
  containerDetailPage: ContainerDetailPage;
};

export const test = base.extend<PageFixtures, { runId: string }>({
  runId: [async ({}, use) => use(uniqueName()), { scope: "worker" }],
  // The API context carries the admin's session cookie (use.storageState), and the server refuses
  // a cookie-authenticated mutation without this dashboard's Origin (CSRF), as a browser sends it.
  request: async ({ playwright, baseURL }, use) => {
    const request = await playwright.request.newContext({ extraHTTPHeaders: baseURL ? { origin: new URL(baseURL).origin } : {} });
    await use(request);
    await request.dispose();
  },
  header: async ({ page }, use) => use(new EngineHeader(page)),
  imagesPage: async ({ page }, use) => use(new ImagesPage(page)),
  imageDetailPage: async ({ page }, use) => use(new ImageDetailPage(page)),
  auditPage: async ({ page }, use) => use(new AuditPage(page)),
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  usersPage: async ({ page }, use) => use(new UsersPage(page)),
  tokensPage: async ({ page }, use) => use(new TokensPage(page)),
  registriesPage: async ({ page }, use) => use(new RegistriesPage(page)),
  containersPage: async ({ page }, use) => use(new ContainersPage(page)),
  containerDetailPage: async ({ page }, use) => use(new ContainerDetailPage(page)),
});

export { expect };
