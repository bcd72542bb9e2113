import { expect, test } from "./fixtures";

test.describe("image detail", () => {
  test("seed/fat:1 history ties each step to its layer", async ({ imageDetailPage: detail }) => {
    await detail.goto("seed/fat:1");
    await expect(detail.title).toHaveText("seed/fat:1");

    const workdir = detail.step("WORKDIR /data");
    await expect(workdir).toHaveCount(1);
    await expect(workdir).toContainText("L1");

    const dd = detail.step("RUN dd if=/dev/zero of=/data/big.bin bs=1M count=50");
    await expect(dd).toContainText("L2");
    await expect(dd).toContainText("52.4 MB");
    await expect(dd.getByTestId("zero-byte-layer")).toHaveCount(0);

    const rm = detail.step("RUN rm /data/big.bin");
    await expect(rm).toContainText("L3");
    await expect(rm.getByTestId("zero-byte-layer")).toContainText("0 B layer");
    await expect(rm).toContainText("whiteout");

    const cmd = detail.step('CMD ["ls" "-la" "/data"]');
    await expect(cmd).toContainText("no layer (metadata only)");
    await expect(cmd).not.toContainText(/L\d/);
  });

  test("history order toggles between newest and oldest first", async ({ page, imageDetailPage: detail }) => {
    await detail.goto("seed/fat:1");
    await expect(detail.historySteps.first()).toContainText("CMD");
    await page.getByRole("button", { name: "Oldest first" }).click();
    await expect(detail.historySteps.first()).toContainText("L0");
    await expect(detail.historySteps.last()).toContainText("CMD");
  });

  test("seed/loaded:1 shows <missing> step IDs and still the right layers", async ({ imageDetailPage: detail }) => {
    await detail.goto("seed/loaded:1");
    await expect(detail.historySteps).toHaveCount(6);
    await expect(detail.historySteps.filter({ hasText: "<missing>" })).toHaveCount(5);
    await expect(detail.step("RUN dd if=/dev/zero of=/cache/blob.bin")).toContainText("L2");
    await expect(detail.step("RUN dd if=/dev/zero of=/cache/blob.bin")).toContainText("<missing>");
    await expect(detail.step("RUN rm /cache/blob.bin")).toContainText("L3");
    await expect(detail.step("ENV MODE=loaded")).toContainText("no layer (metadata only)");
  });

  test("the layer stack has one box per layer, base at the bottom, under a dashed writable layer", async ({ imageDetailPage: detail }) => {
    await detail.goto("seed/fat:1");
    await expect(detail.layerBoxes).toHaveCount(4);
    await expect(detail.writableLayer).toContainText("container layer (writable)");
    await expect(detail.writableLayer).toContainText("copy-on-write");

    const writable = await detail.writableLayer.boundingBox();
    const base = await detail.layerBox(0).boundingBox();
    const top = await detail.layerBox(3).boundingBox();
    const big = await detail.layerBox(2).boundingBox();
    expect(writable && top && base && big).toBeTruthy();
    // Top of the stack is higher on screen: writable > L3 > ... > L0.
    expect(writable!.y).toBeLessThan(top!.y);
    expect(top!.y).toBeLessThan(base!.y);
    // The 50 MB layer is drawn taller than the 0 B one, which is still visible.
    expect(big!.height).toBeGreaterThan(top!.height);
    expect(top!.height).toBeGreaterThan(20);
    await expect(detail.layerBox(2)).toContainText("RUN");
    await expect(detail.layerBox(0)).toContainText(/shared with \d+ other images?/);
  });

  test("sharing shows that local/busybox:1 stacks the same base layer", async ({ page, imageDetailPage: detail }) => {
    await detail.goto("seed/fat:1");
    const base = detail.sharingLayer(0);
    const busybox = base.getByRole("link", { name: "local/busybox:1" });
    await expect(busybox).toBeVisible();
    await expect(detail.sharingLayer(2)).toContainText("only this image");

    await busybox.click();
    await expect(detail.title).toHaveText("local/busybox:1");
    await expect(detail.sharingLayer(0).getByRole("link", { name: "seed/fat:1" })).toBeVisible();
    await expect(page).toHaveURL(/\/images\/sha256%3A/);
  });

  test("seed/entry:1 explains ENTRYPOINT + CMD and shows its config", async ({ imageDetailPage: detail }) => {
    await detail.goto("seed/entry:1");
    await expect(detail.startCommand).toHaveText("/bin/sh /app/run.sh --port 8080");
    await expect(detail.config).toContainText("CMD becomes ENTRYPOINT's arguments");
    await expect(detail.config).toContainText('["/bin/sh","/app/run.sh"]');
    await expect(detail.config).toContainText("GREETING");
    await expect(detail.config).toContainText("8080/tcp");
    await expect(detail.config).toContainText("9090/udp");
    await expect(detail.config).toContainText("/app/data");
    await expect(detail.config).toContainText("org.opencontainers.image.title");
    await expect(detail.config).toContainText("RUN echo child build");
    await expect(detail.config).toContainText("every 30s");
  });

  test("shows the docker inspect and history lines for the image", async ({ page, imageDetailPage: detail }) => {
    await detail.goto("seed/web:1");
    await expect(page.getByTestId("cli-inspect")).toHaveText("docker image inspect seed/web:1");
    await expect(page.getByTestId("cli-history")).toHaveText("docker history seed/web:1");
  });

  test("an unknown reference gets a friendly not-found section", async ({ imageDetailPage: detail }) => {
    await detail.goto("e2e-missing/nothing:here");
    await expect(detail.notFound).toBeVisible();
    await expect(detail.notFound).toContainText("e2e-missing/nothing:here");
    await expect(detail.notFound.getByRole("link", { name: "Back to images" })).toBeVisible();
  });
});
