import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  dockerCommitCommand,
  dockerContainerActionCommand,
  dockerContainerInspectCommand,
  dockerDiffCommand,
  dockerStatsCommand,
  dockerExecCommand,
  dockerLogsCommand,
  dockerRmCommand,
  dockerPsCommand,
  dockerRunCommand,
  dockerExportCommand,
  dockerImportCommand,
  dockerLoadCommand,
  dockerLoginCommand,
  dockerPullCommand,
  dockerPushCommand,
  dockerSaveCommand,
  dockerCopyCommand,
  REDACTED,
  dockerCommand,
  dockerHistoryCommand,
  dockerImagesCommand,
  dockerInspectCommand,
  dockerRmiCommand,
  dockerTagCommand,
  quoteShellArg,
  renderCommand,
} from "@/lib/cli/command";

const AWKWARD = [
  "",
  "a b",
  "it's",
  "'",
  "''",
  "$HOME",
  "`id`",
  "$(id)",
  "a\nb",
  "tab\there",
  "héllo",
  "日本",
  "*",
  "~",
  "a;b",
  "a|b",
  "\\",
  '"q"',
  "!x",
  "#c",
];

describe("quoteShellArg", () => {
  test("safe arguments stay bare", () => {
    for (const arg of [
      "busybox",
      "busybox:1.36",
      "localhost:5000/team/app",
      "-f",
      "--no-prune",
      "dangling=true",
      "a@sha256:ab",
      "50%",
      "a+b",
      "x,y",
      "./p",
    ]) {
      assert.equal(quoteShellArg(arg), arg);
    }
  });

  test("empty string", () => assert.equal(quoteShellArg(""), "''"));
  test("spaces", () => assert.equal(quoteShellArg("a b"), "'a b'"));
  test("single quotes", () => {
    assert.equal(quoteShellArg("it's"), "'it'\\''s'");
    assert.equal(quoteShellArg("'"), "''\\'''");
  });
  test("double quotes", () => assert.equal(quoteShellArg('say "hi"'), `'say "hi"'`));
  test("dollar and backticks are not expanded", () => {
    assert.equal(quoteShellArg("$HOME"), "'$HOME'");
    assert.equal(quoteShellArg("`id`"), "'`id`'");
  });
  test("newlines stay literal inside single quotes", () => assert.equal(quoteShellArg("a\nb"), "'a\nb'"));
  test("unicode is quoted", () => assert.equal(quoteShellArg("héllo"), "'héllo'"));
  test("glob and tilde are quoted", () => {
    assert.equal(quoteShellArg("*"), "'*'");
    assert.equal(quoteShellArg("~"), "'~'");
  });

  test("a POSIX shell reads every quoted argument back unchanged", { skip: process.platform === "win32" }, () => {
    const line = renderCommand(["printf", "%s\\0", ...AWKWARD]);
    const out = execFileSync("sh", ["-c", line], { encoding: "utf8" });
    assert.deepEqual(out.split("\0").slice(0, -1), AWKWARD);
  });
});

describe("renderCommand", () => {
  test("joins quoted arguments with single spaces", () => {
    assert.equal(renderCommand(["docker", "tag", "a b", "c"]), "docker tag 'a b' c");
    assert.equal(renderCommand([]), "");
  });
});

describe("dockerCommand", () => {
  test("prepends docker and drops false, null and undefined", () => {
    const force = false;
    assert.equal(dockerCommand(["rmi", force && "-f", null, undefined, "busybox"]), "docker rmi busybox");
    assert.equal(dockerCommand(["rmi", true && "-f", "busybox"]), "docker rmi -f busybox");
  });
  test("keeps empty strings as real arguments", () => assert.equal(dockerCommand(["tag", ""]), "docker tag ''"));
});

describe("builders", () => {
  test("dockerTagCommand", () => {
    assert.equal(
      dockerTagCommand({ source: "busybox:1.36", target: "localhost:5000/team/busybox:v1" }),
      "docker tag busybox:1.36 localhost:5000/team/busybox:v1",
    );
    assert.equal(dockerTagCommand({ source: "sha256:abcd", target: "x:1" }), "docker tag sha256:abcd x:1");
  });

  test("dockerRmiCommand flags", () => {
    assert.equal(dockerRmiCommand({ image: "busybox:1" }), "docker rmi busybox:1");
    assert.equal(dockerRmiCommand({ image: "busybox:1", force: true }), "docker rmi -f busybox:1");
    assert.equal(dockerRmiCommand({ image: "busybox:1", noPrune: true }), "docker rmi --no-prune busybox:1");
    assert.equal(dockerRmiCommand({ image: "busybox:1", force: true, noPrune: true }), "docker rmi -f --no-prune busybox:1");
    assert.equal(dockerRmiCommand({ image: "busybox:1", force: false, noPrune: false }), "docker rmi busybox:1");
  });

  test("dockerHistoryCommand", () => assert.equal(dockerHistoryCommand({ image: "busybox:1" }), "docker history busybox:1"));

  test("dockerInspectCommand", () => assert.equal(dockerInspectCommand({ image: "3f57d9401f8d" }), "docker image inspect 3f57d9401f8d"));

  test("dockerImagesCommand", () => {
    assert.equal(dockerImagesCommand(), "docker images");
    assert.equal(dockerImagesCommand({ all: true }), "docker images -a");
    assert.equal(dockerImagesCommand({ filters: ["dangling=true"] }), "docker images --filter dangling=true");
    assert.equal(
      dockerImagesCommand({ all: true, filters: ["dangling=true", "label=team=a b", "reference=busy*"] }),
      "docker images -a --filter dangling=true --filter 'label=team=a b' --filter 'reference=busy*'",
    );
  });

  test("builders quote what they are given", () => {
    assert.equal(dockerHistoryCommand({ image: "$(rm -rf /)" }), "docker history '$(rm -rf /)'");
  });
});

describe("REDACTED", () => {
  test("placeholder text", () => assert.equal(REDACTED, "<redacted>"));
});

describe("image operation lines", () => {
  test("login never shows a password", () => {
    assert.equal(dockerLoginCommand({ registry: "127.0.0.1:5055", username: "ci" }), "docker login -u ci --password-stdin 127.0.0.1:5055");
    assert.equal(dockerLoginCommand({ registry: "docker.io", username: "me" }), "docker login -u me --password-stdin");
  });

  test("pull, push, save, load, export", () => {
    assert.equal(dockerPullCommand({ reference: "127.0.0.1:5055/team/app:1" }), "docker pull 127.0.0.1:5055/team/app:1");
    assert.equal(dockerPushCommand({ reference: "127.0.0.1:5055/team/app:1" }), "docker push 127.0.0.1:5055/team/app:1");
    assert.equal(dockerSaveCommand({ images: ["a:1", "b:2"], output: "images.tar" }), "docker save -o images.tar a:1 b:2");
    assert.equal(dockerLoadCommand({ input: "images.tar" }), "docker load -i images.tar");
    assert.equal(dockerExportCommand({ container: "web", output: "web.tar" }), "docker export -o web.tar web");
  });

  test("copy between engines: save piped into load on the target, the source's -H only when it is not DOCKER_HOST", () => {
    assert.equal(
      dockerCopyCommand({ reference: "seed/web:1", targetHost: "unix:///run/b.sock" }),
      "docker save seed/web:1 | docker -H unix:///run/b.sock load",
    );
    assert.equal(
      dockerCopyCommand({ reference: "seed/web:1", sourceHost: "tcp://10.0.0.2:2376", targetHost: "ssh://ops@edge" }),
      "docker -H tcp://10.0.0.2:2376 save seed/web:1 | docker -H ssh://ops@edge load",
    );
  });

  test("import quotes messages and changes", () => {
    assert.equal(
      dockerImportCommand({
        source: "rootfs.tar.gz",
        reference: "local/base:1",
        message: "from a template",
        changes: ['CMD ["sh"]', "ENV A=b"],
      }),
      `docker import -m 'from a template' -c 'CMD ["sh"]' -c 'ENV A=b' rootfs.tar.gz local/base:1`,
    );
    assert.equal(dockerImportCommand({ source: "-" }), "docker import -");
  });

  test("commit: author, message, pause off, changes", () => {
    assert.equal(
      dockerCommitCommand({
        container: "web",
        reference: "team/web:2",
        message: "add page",
        author: "Ana <ana@example.com>",
        pause: false,
        changes: ["EXPOSE 80"],
      }),
      "docker commit -a 'Ana <ana@example.com>' -m 'add page' -p=false -c 'EXPOSE 80' web team/web:2",
    );
    assert.equal(dockerCommitCommand({ container: "web", pause: true }), "docker commit web");
  });
});

describe("container commands", () => {
  test("docker run renders every option in the CLI's syntax, quoting where needed", () => {
    assert.equal(
      dockerRunCommand({
        image: "seed/entry:1",
        name: "demo",
        tty: true,
        interactive: true,
        restartPolicy: "on-failure:3",
        env: ["GREETING=hi there"],
        ports: ["127.0.0.1:8080:80"],
        volumes: ["data:/data:ro"],
        workingDir: "/srv",
        user: "1000:1000",
        labels: { team: "ops" },
        cmd: ["--verbose"],
      }),
      "docker run -d --name demo -it --restart on-failure:3 -e 'GREETING=hi there' -p 127.0.0.1:8080:80 -v data:/data:ro -w /srv -u 1000:1000 -l team=ops seed/entry:1 --verbose",
    );
  });

  test("docker create, --rm, and entrypoint overrides", () => {
    assert.equal(dockerRunCommand({ image: "busybox", start: false }), "docker create busybox");
    assert.equal(dockerRunCommand({ image: "busybox", autoRemove: true, restartPolicy: "no" }), "docker run -d --rm busybox");
    assert.equal(
      dockerRunCommand({ image: "busybox", entrypoint: ["/bin/sh", "-c"], cmd: ["echo hi"] }),
      "docker run -d --entrypoint /bin/sh busybox -c 'echo hi'",
    );
    assert.equal(dockerRunCommand({ image: "busybox", entrypoint: [], cmd: ["ls"] }), "docker run -d --entrypoint '' busybox ls");
  });

  test("exec, lifecycle, rm, logs, diff, inspect, stats", () => {
    assert.equal(dockerExecCommand({ container: "web", command: ["sh"], tty: true, interactive: true }), "docker exec -it web sh");
    assert.equal(
      dockerExecCommand({ container: "web", command: ["ls", "-l"], user: "root", workingDir: "/tmp" }),
      "docker exec -u root -w /tmp web ls -l",
    );
    assert.equal(dockerContainerActionCommand({ action: "unpause", container: "web" }), "docker unpause web");
    assert.equal(dockerRmCommand({ container: "web", force: true, volumes: true }), "docker rm -f -v web");
    assert.equal(dockerRmCommand({ container: "web" }), "docker rm web");
    assert.equal(dockerLogsCommand({ container: "web", follow: true, timestamps: true, tail: 100 }), "docker logs -f -t --tail 100 web");
    assert.equal(dockerLogsCommand({ container: "web", tail: "all" }), "docker logs web");
    assert.equal(dockerDiffCommand({ container: "web" }), "docker diff web");
    assert.equal(dockerContainerInspectCommand({ container: "web" }), "docker container inspect web");
    assert.equal(dockerPsCommand({ sizes: true }), "docker ps -a -s");
    assert.equal(dockerStatsCommand({ container: "web", noStream: true }), "docker stats --no-stream web");
    assert.equal(dockerStatsCommand({ container: "my app" }), "docker stats 'my app'");
  });
});
