import type { APIRequestContext, Page } from "@playwright/test";
import { dockerCli, expect, signInAsNewUser, test, uniqueName } from "./fixtures";
import { ImageDetailPage } from "./pages/image-detail-page";
import { LaunchPage } from "./pages/launch-page";

type AuditEntry = { action: string; target: string | null; command: string | null; outcome: string };
type HistoryJson = { history: { id: string | null; createdBy: string }[] };

/** Containers named `name` on the engine, stopped ones included (an exact match, not a prefix). */
function containersNamed(name: string): string[] {
  return dockerCli
    .run(["ps", "-a", "--filter", `name=^/${name}$`, "--format", "{{.Names}}"])
    .split("\n")
    .filter(Boolean);
}

async function runAudit(request: APIRequestContext): Promise<AuditEntry[]> {
  const response = await request.get("/api/audit?action=container.run&limit=50");
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { entries: AuditEntry[] }).entries;
}

test.describe("launch a container", () => {
  const created: string[] = [];

  test.afterAll(() => {
    // Only what exists: the tests that must create nothing leave nothing to remove. -v as well:
    // seed/entry:1 declares a VOLUME, so each of its containers has an anonymous volume.
    for (const name of created) if (containersNamed(name).length) dockerCli.run(["rm", "-f", "-v", name]);
  });

  /** The form for `image` with a fresh container name typed in; afterAll removes what it becomes. */
  async function openNamed(page: Page, image: string, prefix: string): Promise<{ launch: LaunchPage; name: string }> {
    const name = uniqueName(prefix);
    created.push(name);
    const launch = new LaunchPage(page);
    await launch.goto(image);
    await launch.name.fill(name);
    return { launch, name };
  }

  test("the preview combines ENTRYPOINT and CMD as docker does while the form is filled", async ({ page }) => {
    const launch = new LaunchPage(page);
    await launch.goto("seed/entry:1");
    await expect(launch.image).toHaveValue("seed/entry:1");
    // The image alone: ENTRYPOINT followed by CMD.
    await expect(launch.process).toHaveText("/bin/sh /app/run.sh --port 8080");
    await expect(launch.source(launch.entrypointPart)).toHaveText("image");
    await expect(launch.source(launch.cmdPart)).toHaveText("image");
    await expect(launch.cliLine).toHaveText("docker run -d seed/entry:1");

    // A run-time command replaces CMD and keeps ENTRYPOINT.
    await launch.command.fill("--verbose");
    await expect(launch.process).toHaveText("/bin/sh /app/run.sh --verbose");
    await expect(launch.source(launch.entrypointPart)).toHaveText("image");
    await expect(launch.source(launch.cmdPart)).toHaveText("run command");
    await expect(launch.notes).toContainText("replaces the image's CMD (--port 8080), not its ENTRYPOINT");
    await expect(launch.cliLine).toContainText("seed/entry:1 --verbose");

    // An entrypoint override drops the image's CMD.
    await launch.command.fill("");
    await launch.entrypoint.fill("/bin/echo");
    await expect(launch.source(launch.entrypointPart)).toHaveText("override");
    await expect(launch.cmdPart).toHaveAttribute("data-source", "dropped");
    await expect(launch.source(launch.cmdPart)).toHaveText("dropped");
    await expect(launch.cmdPart).toContainText('["--port","8080"]');
    await expect(launch.process).toHaveText("/bin/echo");
    await expect(launch.notes).toContainText("drops the image's CMD");
    await expect(launch.cliLine).toHaveText("docker run -d --entrypoint /bin/echo seed/entry:1");

    // Clearing the entrypoint leaves the command alone as the process.
    await launch.clearEntrypoint.check();
    await expect(launch.entrypoint).toBeDisabled();
    await launch.command.fill("sh -c 'echo hi'");
    await expect(launch.source(launch.entrypointPart)).toHaveText("cleared");
    await expect(launch.process).toHaveText("sh -c 'echo hi'");
    await expect(launch.cliLine).toHaveText("docker run -d --entrypoint '' seed/entry:1 sh -c 'echo hi'");
  });

  test("launching starts the container, opens its page and is audited with the run line", async ({ page, request }) => {
    const { launch, name } = await openNamed(page, "seed/entry:1", "e2e-launch");
    await launch.addRow("Environment", "GREETING=hi");
    const line = `docker run -d --name ${name} -e GREETING=hi seed/entry:1`;
    await expect(launch.cliLine).toHaveText(line);
    await expect(launch.submit).toHaveText("Start container");
    await launch.submit.click();

    // run.sh prints one line and ends: the toast says so rather than "Started" (it comes with the
    // answer, before the next page has loaded, and fades after 6 s), and the logs open.
    const toast = page.getByTestId("toast").filter({ hasText: `Container ${name} exited with code 0 right after starting` });
    await expect(toast).toBeVisible();
    await expect(toast).toHaveAttribute("data-tone", "success");
    await expect(page).toHaveURL(/\/containers\/[0-9a-f]{64}\/logs$/);
    await expect(page.getByTestId("log-line").filter({ hasText: "hi from /app/run.sh" })).toBeVisible();
    const id = new URL(page.url()).pathname.split("/").at(-2);
    expect(dockerCli.run(["container", "inspect", "--format", "{{.Id}}", name])).toBe(id);
    // run.sh prints "$GREETING from $0 with args: $*": the env override and the image's CMD arrive.
    await expect.poll(() => dockerCli.run(["logs", name]), { timeout: 15_000 }).toBe("hi from /app/run.sh with args: --port 8080");

    const entry = (await runAudit(request)).find((candidate) => candidate.command === line);
    expect(entry, `an audit entry with ${line}`).toBeDefined();
    expect(entry?.outcome).toBe("succeeded");
  });

  for (const viewport of [
    { width: 1440, height: 1000 },
    { width: 390, height: 844 },
  ]) {
    test(`at ${viewport.width} px: a long-running process is "Started"; one that fails at once reports its exit code`, async ({ page }) => {
      await page.setViewportSize(viewport);
      const running = await openNamed(page, "local/busybox:1", "e2e-launch-running");
      await running.launch.command.fill("sleep 3600");
      await running.launch.submit.click();
      await expect(page.getByTestId("toast").filter({ hasText: `Started container ${running.name}` })).toBeVisible();
      await expect(page).toHaveURL(/\/containers\/[0-9a-f]{64}$/);

      const failing = await openNamed(page, "local/busybox:1", "e2e-launch-fails");
      await failing.launch.command.fill("sh -c 'echo config missing >&2; exit 3'");
      await failing.launch.submit.click();
      const toast = page.getByTestId("toast").filter({ hasText: `Container ${failing.name} exited with code 3 right after starting` });
      await expect(toast).toBeVisible();
      await expect(toast).toHaveAttribute("data-tone", "error");
      await expect(page).toHaveURL(/\/containers\/[0-9a-f]{64}\/logs$/);
      await expect(page.getByTestId("log-line").filter({ hasText: "config missing" })).toHaveAttribute("data-stream", "stderr");
      await expect(page.getByTestId("container-state")).toHaveText("exited");
      for (const testId of ["container-title", "logs-output"]) {
        const box = await page.getByTestId(testId).boundingBox();
        expect(box!.x + box!.width, testId).toBeLessThanOrEqual(viewport.width + 1);
      }
    });
  }

  test("create only applies every option and leaves the container created, not started", async ({ page }) => {
    const { launch, name } = await openNamed(page, "local/busybox:1", "e2e-launch-create");
    await expect(launch.process).toHaveText("sh");
    await launch.command.fill("sh -c 'echo \"$MODE\"; sleep 1'");
    await launch.addRow("Environment", "MODE=test");
    await launch.addRow("Ports", "127.0.0.1:18080:80");
    const volume = await launch.addRow("Volumes", "/scratch");
    await expect(volume).toContainText("anonymous");
    await launch.form.getByLabel("Working directory").fill("/tmp");
    await launch.form.getByLabel("User").fill("1000:1000");
    await launch.form.getByRole("button", { name: "+ Add label" }).click();
    await launch.form.getByLabel("Labels 1 key").fill("e2e.owner");
    await launch.form.getByLabel("Labels 1 value").fill("launch spec");
    await launch.form.getByLabel("Restart policy").selectOption("on-failure");
    await launch.form.getByLabel("Maximum retries").fill("3");
    await launch.form.getByLabel("Keep stdin open (-i)").check();
    await launch.form.getByLabel("Allocate a terminal (-t)").check();
    await launch.form.getByLabel("Create only").check();
    await expect(launch.cliLine).toHaveText(
      `docker create --name ${name} -it --restart on-failure:3 -e MODE=test -p 127.0.0.1:18080:80 -v /scratch -w /tmp -u 1000:1000 -l 'e2e.owner=launch spec' local/busybox:1 sh -c 'echo "$MODE"; sleep 1'`,
    );
    await expect(launch.submit).toHaveText("Create container");
    await launch.submit.click();
    await expect(page.getByTestId("toast").filter({ hasText: `Created container ${name}` })).toBeVisible();
    await expect(page).toHaveURL(/\/containers\/[0-9a-f]{64}$/);

    const inspected = JSON.parse(dockerCli.run(["container", "inspect", name]))[0] as {
      State: { Status: string };
      Config: {
        Cmd: string[];
        Env: string[];
        WorkingDir: string;
        User: string;
        Labels: Record<string, string>;
        Tty: boolean;
        OpenStdin: boolean;
        Volumes: Record<string, unknown>;
      };
      HostConfig: {
        RestartPolicy: { Name: string; MaximumRetryCount: number };
        PortBindings: Record<string, { HostIp: string; HostPort: string }[]>;
      };
    };
    expect(inspected.State.Status).toBe("created");
    expect(inspected.Config.Cmd).toEqual(["sh", "-c", 'echo "$MODE"; sleep 1']);
    expect(inspected.Config.Env).toContain("MODE=test");
    expect(inspected.Config.WorkingDir).toBe("/tmp");
    expect(inspected.Config.User).toBe("1000:1000");
    expect(inspected.Config.Labels["e2e.owner"]).toBe("launch spec");
    expect(inspected.Config.Tty).toBe(true);
    expect(inspected.Config.OpenStdin).toBe(true);
    expect(Object.keys(inspected.Config.Volumes)).toEqual(["/scratch"]);
    expect(inspected.HostConfig.RestartPolicy).toEqual({ Name: "on-failure", MaximumRetryCount: 3 });
    expect(inspected.HostConfig.PortBindings["80/tcp"]).toEqual([{ HostIp: "127.0.0.1", HostPort: "18080" }]);
  });

  test("Launch on an intermediate history step opens the form for that step's image", async ({ page, request }) => {
    const response = await request.get(`/api/images/${encodeURIComponent("seed/web:2")}`);
    expect(response.status()).toBe(200);
    const { history } = (await response.json()) as HistoryJson;
    const step = history.find((candidate) => candidate.createdBy.includes("v2-longer-version-file"));
    const stepId = step?.id;
    expect(stepId, "seed/web:2 is a classic build: its RUN step has an intermediate image").toMatch(/^sha256:[0-9a-f]{64}$/);

    const detail = new ImageDetailPage(page);
    await detail.goto("seed/web:2");
    // The layer explorer above the history fills in once the image is analysed: wait for it, so
    // that the history does not move down between finding the link and clicking it.
    await expect(page.getByRole("region", { name: "Efficiency" })).toBeVisible();
    await detail
      .step("v2-longer-version-file")
      .getByRole("link", { name: /^Launch a container from step / })
      .click();

    const launch = new LaunchPage(page);
    await expect(page).toHaveURL(`/containers/new?image=${encodeURIComponent(stepId!)}`);
    await expect(launch.image).toHaveValue(stepId!);
    await expect(launch.imageId).toContainText(stepId!.slice(7, 19));
    // The step's own config: the image's CMD (httpd) came in a later step.
    await expect(launch.process).toHaveText("sh");
    await expect(launch.cliLine).toHaveText(`docker run -d ${stepId}`);
  });

  test("the image page's Launch container button opens the form for that image", async ({ page }) => {
    const detail = new ImageDetailPage(page);
    await detail.goto("seed/web:2");
    await page.getByTestId("launch-container").click();
    const launch = new LaunchPage(page);
    await expect(launch.image).toHaveValue("seed/web:2");
    await expect(launch.process).toHaveText("httpd -f -p 8080 -h /www");
  });

  test("a field error shows next to its field and nothing is created", async ({ page }) => {
    const { launch, name } = await openNamed(page, "seed/entry:1", "e2e-launch-bad");
    const port = await launch.addRow("Ports", "abc");
    await expect(port.getByTestId("field-problem")).toContainText('"abc" is not a port binding');
    await expect(port.getByRole("textbox")).toHaveAttribute("aria-invalid", "true");
    await expect(launch.cliPlaceholder).toBeVisible();
    await expect(launch.submit).toBeDisabled();

    // Fixing the row brings the command back; an EXPOSEd port is one click away.
    await port.getByRole("textbox").fill("8080");
    await expect(launch.cliLine).toHaveText(`docker run -d --name ${name} -p 8080 seed/entry:1`);
    await launch.form.getByRole("button", { name: "Publish 9090/udp" }).click();
    await expect(launch.cliLine).toHaveText(`docker run -d --name ${name} -p 8080 -p 9090:9090/udp seed/entry:1`);

    // A policy the engine refuses together with --rm is caught too, on the checkbox.
    await launch.form.getByLabel("Restart policy").selectOption("always");
    await launch.form.getByLabel("Remove the container when it exits (--rm)").check();
    await expect(launch.form.getByText("auto-remove (--rm) cannot be combined with a restart policy")).toBeVisible();
    await expect(launch.submit).toBeDisabled();
    expect(containersNamed(name)).toEqual([]);
  });

  test("the server's 404 for an unknown image is shown and nothing is created", async ({ page }) => {
    const { launch, name } = await openNamed(page, "e2e-missing/nothing:1", "e2e-launch-missing");
    await expect(launch.lookupError).toContainText("No image e2e-missing/nothing:1 on this engine");
    await launch.form.getByLabel("Create only").check();
    await expect(launch.cliLine).toHaveText(`docker create --name ${name} e2e-missing/nothing:1`);
    await launch.submit.click();
    await expect(launch.serverError).toContainText("e2e-missing/nothing:1");
    await expect(page).toHaveURL(/\/containers\/new\?/);
    expect(containersNamed(name)).toEqual([]);
  });

  test("a viewer sees the form read-only, with the docker run line", async ({ browser, request }) => {
    const { page: viewer, close } = await signInAsNewUser(browser, request, { prefix: "launch-viewer", role: "viewer" });
    try {
      await expect(viewer).toHaveURL(/\/images$/);

      const launch = new LaunchPage(viewer);
      await launch.goto("seed/entry:1");
      await expect(launch.process).toHaveText("/bin/sh /app/run.sh --port 8080");
      await expect(launch.cliLine).toHaveText("docker run -d seed/entry:1");
      await expect(launch.command).toBeDisabled();
      await expect(launch.submit).toBeDisabled();
      await expect(launch.submit).toHaveAttribute("title", "needs operator");
    } finally {
      await close();
    }
  });
});
