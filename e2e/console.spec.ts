import http from "node:http";
import type { Page } from "@playwright/test";
import { AuditPage } from "./pages/audit-page";
import { ConsolePage } from "./pages/console-page";
import { dockerCli, expect, test } from "./fixtures";

test.describe.configure({ mode: "serial" });

/** `GET /exec/{id}/json` on the test engine: the docker CLI has no command to inspect an exec. */
function inspectExec(execId: string): Promise<{ Running: boolean; ExitCode: number | null; Pid: number }> {
  const host = process.env.DOCKER_HOST ?? "";
  if (!host.startsWith("unix://")) throw new Error("the console spec needs DOCKER_HOST=unix:///path/to/the/test/engine.sock");
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath: host.slice("unix://".length), path: `/exec/${execId}/json` }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () =>
          response.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`exec inspect: HTTP ${response.statusCode} ${body}`)),
        );
      })
      .on("error", reject);
  });
}

/** The container's processes as the host sees them (`docker top`): host PID and command line. */
function processes(container: string): { pid: number; args: string }[] {
  return dockerCli
    .run(["top", container, "-o", "pid,args"])
    .split("\n")
    .slice(1)
    .map((line) => {
      const [pid, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), args: args.join(" ") };
    });
}

/** Console messages that would show the page's CSP blocking xterm.js (it injects styles). */
function watchCsp(page: Page): string[] {
  const messages: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) messages.push(message.text());
  });
  return messages;
}

/** Reads `rows x cols` from `stty size` as the shell prints it between markers. */
async function ttySize(consolePage: ConsolePage, marker: string): Promise<{ rows: number; cols: number }> {
  await consolePage.run(`echo ${marker}-$(stty size | tr ' ' x)-end`);
  const pattern = new RegExp(`${marker}-(\\d+)x(\\d+)-end`);
  await expect(consolePage.screen).toContainText(pattern);
  const match = pattern.exec((await consolePage.screen.textContent()) ?? "");
  return { rows: Number(match![1]), cols: Number(match![2]) };
}

test.describe("container console", () => {
  let container = "";
  let stopped = "";

  test.beforeAll(({ runId }) => {
    container = `${runId}-console`;
    stopped = `${runId}-console-stopped`;
    dockerCli.run(["run", "-d", "--name", container, "--network", "none", "local/busybox:1", "sleep", "3600"]);
    dockerCli.run(["create", "--name", stopped, "--network", "none", "local/busybox:1", "sleep", "3600"]);
  });

  test.afterAll(() => {
    dockerCli.removeContainer(container);
    dockerCli.removeContainer(stopped);
  });

  test("runs a command in sh, and closing the tab ends the exec", async ({ context, page }) => {
    const tab = await context.newPage();
    const csp = watchCsp(tab);
    const consolePage = new ConsolePage(tab);
    await consolePage.goto(container);
    await expect(consolePage.status).toHaveText("Connected");
    await expect(consolePage.cli).toHaveText(`docker exec -it ${container} sh`);
    await expect(consolePage.screen).toContainText("/ #");

    await consolePage.run("echo $((6*7))-console-ok");
    await expect(consolePage.screen).toContainText("42-console-ok");

    const execId = await consolePage.execId();
    const exec = await inspectExec(execId);
    expect(exec.Running).toBe(true);
    expect(processes(container).map((process) => process.pid)).toContain(exec.Pid);
    expect(csp).toEqual([]);

    await tab.close();
    await expect.poll(async () => (await inspectExec(execId)).Running, { timeout: 10_000 }).toBe(false);
    expect(processes(container).map((process) => process.args)).toEqual(["sleep 3600"]);

    const audit = new AuditPage(page);
    await audit.goto(`?action=container.exec&target=${encodeURIComponent(container)}`);
    const row = audit.rowWithCommand(`docker exec -it ${container} sh`);
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("succeeded");
  });

  test("the shell follows the terminal's size, and an exit shows its code", async ({ page }) => {
    const consolePage = new ConsolePage(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await consolePage.goto(container);
    await expect(consolePage.status).toHaveText("Connected");
    const wide = await ttySize(consolePage, "wide");
    expect(wide.cols).toBeGreaterThan(80);

    await page.setViewportSize({ width: 800, height: 900 });
    await expect.poll(async () => (await ttySize(consolePage, `narrow${Date.now()}`)).cols).toBeLessThan(wide.cols);

    await consolePage.run("exit 7");
    await expect(consolePage.status).toHaveText("Session ended, exit code 7");
    expect((await inspectExec(await consolePage.execId())).ExitCode).toBe(7);
  });

  test("End session hangs up the shell, and a new session can run another command", async ({ page }) => {
    const consolePage = new ConsolePage(page);
    await consolePage.goto(container);
    await expect(consolePage.status).toHaveText("Connected");
    const first = await consolePage.execId();
    await consolePage.end.click();
    await expect(consolePage.status).toHaveText("Session ended, exit code 129");
    expect((await inspectExec(first)).Running).toBe(false);

    await consolePage.command.fill("sh -c 'echo from-$((1+1))-sh-c'");
    await expect(consolePage.cli).toHaveText(`docker exec -it ${container} sh -c 'echo from-$((1+1))-sh-c'`);
    await consolePage.newSession.click();
    await expect(consolePage.screen).toContainText("from-2-sh-c");
    await expect(consolePage.status).toHaveText("Session ended, exit code 0");
    expect(await consolePage.execId()).not.toBe(first);
  });

  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1440, height: 1000 },
  ]) {
    test(`at ${viewport.width} px a container that is not running offers to start it, then the console opens`, async ({ page, runId }) => {
      await page.setViewportSize(viewport);
      const name = `${runId}-console-start-${viewport.width}`;
      dockerCli.run(["create", "--name", name, "--network", "none", "local/busybox:1", "sleep", "3600"]);
      try {
        const consolePage = new ConsolePage(page);
        await consolePage.goto(name);
        const notRunning = page.getByTestId("console-not-running");
        await expect(notRunning).toContainText(`${name} is not running`);
        await expect(notRunning).toContainText("it is created");
        // No terminal and no error: a state, not a failure.
        await expect(consolePage.terminal).toHaveCount(0);
        await expect(consolePage.error).toHaveCount(0);
        await expect(page.getByTestId("cli-start")).toHaveText(`docker start ${name}`);
        const box = await notRunning.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width + 1);

        await page.getByTestId("console-start").click();
        await expect(consolePage.status).toHaveText("Connected");
        await expect(consolePage.cli).toHaveText(`docker exec -it ${name} sh`);
        await consolePage.run("echo started-$((2*3))");
        await expect(consolePage.screen).toContainText("started-6");
      } finally {
        dockerCli.removeContainer(name);
      }
    });
  }

  test("an exited container's console names its exit code", async ({ page }) => {
    dockerCli.run(["start", stopped]);
    dockerCli.run(["kill", stopped]);
    const consolePage = new ConsolePage(page);
    await consolePage.goto(stopped);
    await expect(page.getByTestId("console-not-running")).toContainText("it exited with code 137");
    await expect(page.getByTestId("console-start")).toBeVisible();
  });
});
