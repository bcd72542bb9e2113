/**
 * Advice tied to the cause: each one names the layers and history steps it concerns, the bytes it
 * would save, and the Dockerfile change that avoids it. Pure code over the waste analysis, the
 * layers' entries and the history steps aligned to layers (lib/layers/align.ts).
 *
 * `steps` in an advice are 0-based history step indexes (oldest first, as in the image config);
 * the text says "step N" 1-based, as a person counts Dockerfile lines.
 */
import { formatBytes } from "@/lib/format/bytes";
import type { LayerEntries } from "@/lib/layers/analysis/types";
import { unionAt, type UnionFs } from "@/lib/layers/analysis/union";
import type { WasteAnalysis, WasteItem } from "@/lib/layers/analysis/waste";

export type AdviceRule =
  | "delete-in-same-step"
  | "package-manager-cache"
  | "rewritten-in-later-step"
  | "copied-then-removed"
  | "base-files-hidden"
  | "base-image-share"
  | "build-tools-in-final-image"
  | "many-layers";

/**
 * One piece of advice.
 *
 * @example const advice: Advice = { rule: "delete-in-same-step", title: "…", detail: "…", layers: [2, 3], steps: [2, 3], bytes: 52428800 };
 */
export type Advice = {
  rule: AdviceRule;
  title: string;
  detail: string;
  layers: number[];
  steps: number[];
  /** What following the advice would save (0 when it is about structure, not bytes). */
  bytes: number;
};

/** The history step that made a layer; the array is indexed by layer (null: not known). */
export type LayerStep = { stepIndex: number; instruction: string } | null;

export type AdviceOptions = {
  /** Waste below this is not worth a line (per advice). */
  minBytes: number;
  /** Package-manager cache left in one layer below this is ignored (an empty apt lists dir has a lock file). */
  cacheMinBytes: number;
  /** Base image share from which "a smaller base" is suggested … */
  baseShare: number;
  /** … when the base is also at least this big. */
  baseMinBytes: number;
  /** Build tools and headers in the final image from this many bytes (or any `-dev` package). */
  buildToolsMinBytes: number;
  /** This many layer-making RUN steps in a row are worth chaining. */
  runChainLength: number;
  /** Paths named as examples in a detail. */
  examples: number;
};

export const DEFAULT_ADVICE_OPTIONS: AdviceOptions = {
  minBytes: 1024,
  cacheMinBytes: 64 * 1024,
  baseShare: 0.5,
  baseMinBytes: 10 * 1000 * 1000,
  buildToolsMinBytes: 1024 * 1024,
  runChainLength: 3,
  examples: 3,
};

type Cache = { manager: string; pattern: RegExp; fix: string };

const HOME = String.raw`(?:/root|/home/[^/]+)`;
const CACHES: readonly Cache[] = [
  {
    manager: "apt",
    pattern: /^\/var\/lib\/apt\/lists\/|^\/var\/cache\/apt\//,
    fix: "end the same RUN with `apt-get clean && rm -rf /var/lib/apt/lists/*`",
  },
  { manager: "yum", pattern: /^\/var\/cache\/yum\//, fix: "end the same RUN with `yum clean all && rm -rf /var/cache/yum`" },
  { manager: "dnf", pattern: /^\/var\/cache\/(?:dnf|libdnf5)\//, fix: "end the same RUN with `dnf clean all`" },
  { manager: "apk", pattern: /^\/var\/cache\/apk\/|^\/etc\/apk\/cache\//, fix: "install with `apk add --no-cache …`" },
  { manager: "zypper", pattern: /^\/var\/cache\/zypp\//, fix: "end the same RUN with `zypper clean --all`" },
  {
    manager: "npm",
    pattern: new RegExp(`^${HOME}/\\.npm/`),
    fix: "end the same RUN with `npm cache clean --force`, or use a BuildKit cache mount (`RUN --mount=type=cache,target=/root/.npm …`)",
  },
  {
    manager: "yarn",
    pattern: new RegExp(`^${HOME}/\\.cache/yarn/|^/usr/local/share/\\.cache/yarn/`),
    fix: "end the same RUN with `yarn cache clean`, or use a cache mount",
  },
  { manager: "pip", pattern: new RegExp(`^${HOME}/\\.cache/pip/`), fix: "install with `pip install --no-cache-dir …`" },
  {
    manager: "go",
    pattern: new RegExp(`^${HOME}/\\.cache/go-build/`),
    fix: "end the same RUN with `go clean -cache`, or use a cache mount",
  },
  {
    manager: "composer",
    pattern: new RegExp(`^${HOME}/\\.(?:composer/cache|cache/composer)/`),
    fix: "install with `composer install --no-cache`",
  },
];

const COMPILER =
  /^\/usr\/(?:local\/)?(?:bin|libexec|lib)\/(?:.*\/)?(?:[\w.]+-)*(?:gcc|g\+\+|c\+\+|clang|clang\+\+|gfortran|rustc|cc1|cc1plus|lto1)(?:-[\d.]+)?$/;
const BUILD_TOOL =
  /^\/usr\/(?:local\/)?bin\/(?:make|gmake|cmake|ninja|autoconf|automake|libtool|ld|ld\.bfd|ld\.gold|as|m4|bison|flex|pkg-config)$/;
const TOOLCHAIN_DIR = /^\/usr\/(?:lib|libexec)\/gcc(?:-cross)?\//;
const HEADERS = /^\/usr\/(?:local\/)?include\//;
const DPKG_PACKAGE = /^\/var\/lib\/dpkg\/info\/([^/:]+)(?::[^/]+)?\.list$/;
const BUILD_PACKAGES = new Set(["build-essential", "gcc", "g++", "make", "cpp", "binutils", "libc6-dev", "linux-libc-dev"]);

/**
 * Every piece of advice for an image, biggest saving first.
 *
 * @example
 * adviseImage({ analysis, layers, steps: [{ stepIndex: 0, instruction: "ADD rootfs.tar /" }, …] })
 * // [{ rule: "delete-in-same-step", title: "Delete /data/big.bin in the step that creates it", bytes: 52428800, … }]
 */
export function adviseImage({
  analysis,
  layers,
  steps,
  options,
  union,
}: {
  analysis: WasteAnalysis;
  /**
   * The layers' entries, base first. Only regular files under package-manager cache paths are read
   * from them (`isPackageCachePath`), so a caller holding layers elsewhere may pass just those.
   */
  layers: readonly LayerEntries[];
  steps: readonly LayerStep[];
  options?: Partial<AdviceOptions>;
  /** The union of all layers, when the caller has it already (e.g. `WasteFold.union`); else built from `layers`. */
  union?: UnionFs;
}): Advice[] {
  const settings = { ...DEFAULT_ADVICE_OPTIONS, ...options };
  const context = new Context(analysis, steps, settings);
  const finalUnion = union ?? (layers.length > 0 ? unionAt(layers, layers.length - 1) : null);
  const advice = [
    ...adviseCaches(context, layers),
    ...adviseDeletions(context),
    ...adviseRewrites(context),
    ...adviseBaseFiles(context),
    ...adviseBaseShare(context),
    ...adviseBuildTools(context, finalUnion),
    ...adviseRunChains(context),
  ];
  return advice.sort(compareAdvice);
}

/** Advice of equal bytes is listed in this order: the fixes a Dockerfile author can make first. */
const ADVICE_ORDER: readonly AdviceRule[] = [
  "delete-in-same-step",
  "copied-then-removed",
  "package-manager-cache",
  "rewritten-in-later-step",
  "build-tools-in-final-image",
  "base-files-hidden",
  "base-image-share",
  "many-layers",
];

/**
 * The order advice is shown in: most bytes first, then by rule. adviseImage sorts with it, and so
 * does whatever merges advice again later (a stored analysis redone against a new base image).
 *
 * @example [...advice].sort(compareAdvice)
 */
export function compareAdvice(a: Pick<Advice, "bytes" | "rule">, b: Pick<Advice, "bytes" | "rule">): number {
  return b.bytes - a.bytes || ADVICE_ORDER.indexOf(a.rule) - ADVICE_ORDER.indexOf(b.rule);
}

class Context {
  constructor(
    readonly analysis: WasteAnalysis,
    readonly steps: readonly LayerStep[],
    readonly options: AdviceOptions,
  ) {}

  get base(): number {
    return this.analysis.baseLayers;
  }

  keyword(layer: number): string | null {
    const instruction = this.steps[layer]?.instruction.trim();
    return instruction ? (/^([A-Z]+)\b/.exec(instruction)?.[1] ?? null) : null;
  }

  /** "step 4 (`RUN rm /data/big.bin`)", or "layer 3" when the history does not say. */
  describe(layer: number): string {
    const step = this.steps[layer];
    if (!step) return `layer ${layer}`;
    return `step ${step.stepIndex + 1} (\`${shorten(step.instruction, 90)}\`)`;
  }

  /** `RUN a && b` from two RUN steps, or a generic shape when either is not a RUN. */
  chained(first: number, second: number): string {
    const commands = [first, second].map((layer) => this.steps[layer]?.instruction.trim() ?? "");
    if (commands.every((command) => /^RUN\s/.test(command))) {
      return `\`RUN ${shorten(commands[0]!.slice(4), 60)} && ${shorten(commands[1]!.slice(4), 60)}\``;
    }
    return "`RUN … && rm …`";
  }

  stepsOf(layerIndexes: Iterable<number>): number[] {
    const result = new Set<number>();
    for (const layer of layerIndexes) {
      const step = this.steps[layer];
      if (step) result.add(step.stepIndex);
    }
    return [...result].sort((a, b) => a - b);
  }

  examples(items: readonly { path: string; bytes: number }[]): string {
    const sorted = [...items].sort((a, b) => b.bytes - a.bytes);
    const named = sorted.slice(0, this.options.examples).map((item) => `${item.path} (${formatBytes(item.bytes)})`);
    const more = sorted.length - named.length;
    return more > 0 ? `${named.join(", ")} and ${more} more` : named.join(", ");
  }
}

/**
 * True for a path under a package manager's cache (`/var/lib/apt/lists/…`, `/root/.npm/…`, …).
 *
 * @example isPackageCachePath("/var/cache/apk/APKINDEX.tar.gz") // true
 */
export function isPackageCachePath(path: string): boolean {
  return CACHES.some((cache) => cache.pattern.test(path));
}

const isCache = isPackageCachePath;

function isCopy(keyword: string | null): boolean {
  return keyword === "COPY" || keyword === "ADD";
}

/** Groups waste items by the (writer, hider) pair, biggest total first. */
function byLayerPair(items: readonly WasteItem[]): { writtenBy: number; hiddenBy: number; items: WasteItem[]; bytes: number }[] {
  const groups = new Map<string, { writtenBy: number; hiddenBy: number; items: WasteItem[]; bytes: number }>();
  for (const item of items) {
    const key = `${item.writtenBy}:${item.hiddenBy}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { writtenBy: item.writtenBy, hiddenBy: item.hiddenBy, items: [], bytes: 0 }));
    group.items.push(item);
    group.bytes += item.bytes;
  }
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes);
}

function pathsTitle(items: readonly WasteItem[]): string {
  return items.length === 1 ? items[0]!.path : `${items.length} files`;
}

/** Files written by a user step and deleted (or hidden by an opaque directory) by a later one. */
function adviseDeletions(context: Context): Advice[] {
  const removed = context.analysis.waste.filter(
    (item) => item.reason !== "overwritten" && item.writtenBy >= context.base && !isCache(item.path),
  );
  return byLayerPair(removed)
    .filter((group) => group.bytes >= context.options.minBytes)
    .map((group): Advice => {
      const { writtenBy, hiddenBy, items, bytes } = group;
      const writer = context.describe(writtenBy);
      const hider = context.describe(hiddenBy);
      const moved = items.filter((item) => item.movedTo !== null);
      const layers = [writtenBy, hiddenBy];
      const steps = context.stepsOf(layers);
      if (isCopy(context.keyword(writtenBy))) {
        const fix =
          moved.length === items.length
            ? `Copy ${items.length === 1 ? "it" : "them"} to the final path directly (a move in a later step copies the bytes again).`
            : "If the files are only needed while building, bind-mount them for that RUN (`RUN --mount=type=bind,source=…,target=…`) or use a multi-stage build so they never land in a layer; if they are not needed at all, exclude them with .dockerignore.";
        return {
          rule: "copied-then-removed",
          title: `Copied, then ${moved.length === items.length ? "moved" : "deleted"}: ${pathsTitle(items)} (${formatBytes(bytes)})`,
          detail: `${capitalise(writer)} copies ${context.examples(items)} into the image and ${hider} ${moved.length === items.length ? "moves" : "removes"} ${items.length === 1 ? "it" : "them"}; the copy still takes ${formatBytes(bytes)} in layer ${writtenBy}. ${fix}`,
          layers,
          steps,
          bytes,
        };
      }
      const opaque = items.every((item) => item.reason === "opaque");
      const how = moved.length === items.length ? "moves" : opaque ? "replaces the directory holding" : "deletes";
      const fix =
        moved.length === items.length
          ? `Write ${items.length === 1 ? "it" : "them"} to the final path in the first step: a move in a later step stores the bytes a second time.`
          : `Do both in one RUN (${context.chained(writtenBy, hiddenBy)}): a file deleted by a later step is only hidden, its bytes stay in layer ${writtenBy}.`;
      return {
        rule: "delete-in-same-step",
        title: `${moved.length === items.length ? "Moved" : "Deleted"} in a later step: ${pathsTitle(items)} (${formatBytes(bytes)})`,
        detail: `${capitalise(writer)} writes ${context.examples(items)} and ${hider} ${how} ${items.length === 1 ? "it" : "them"}. ${fix}`,
        layers,
        steps,
        bytes,
      };
    });
}

/** Files written by a user step and rewritten by a later one (chmod/chown after COPY, or new content). */
function adviseRewrites(context: Context): Advice[] {
  const rewritten = context.analysis.waste.filter(
    (item) => item.reason === "overwritten" && item.writtenBy >= context.base && !isCache(item.path),
  );
  return byLayerPair(rewritten)
    .filter((group) => group.bytes >= context.options.minBytes)
    .map((group): Advice => {
      const { writtenBy, hiddenBy, items, bytes } = group;
      const writer = context.describe(writtenBy);
      const hider = context.describe(hiddenBy);
      const metadataOnly = items.every((item) => item.sameContent);
      const hiderText = context.steps[hiddenBy]?.instruction ?? "";
      const flags = [/\bchown\b/.test(hiderText) ? "--chown" : "", /\bchmod\b/.test(hiderText) ? "--chmod" : ""].filter(Boolean);
      let fix: string;
      if (metadataOnly && isCopy(context.keyword(writtenBy))) {
        const named = flags.length > 0 ? flags.map((flag) => `\`${flag}\``).join(" and ") : "`--chown` / `--chmod`";
        fix = `Changing owner or mode in a later step copies every byte again. Set them while copying: ${context.keyword(writtenBy)} ${named} (e.g. \`COPY --chown=app:app --chmod=755 …\`).`;
      } else if (metadataOnly) {
        fix = "Changing owner or mode in a later step copies every byte again: set them in the RUN that creates the files.";
      } else {
        fix = "The first version is never seen: produce the final content in one step (merge the two, or only write it in the later one).";
      }
      return {
        rule: "rewritten-in-later-step",
        title: `${metadataOnly ? "Owner/mode changed" : "Rewritten"} in a later step: ${pathsTitle(items)} (${formatBytes(bytes)})`,
        detail: `${capitalise(writer)} writes ${context.examples(items)} and ${hider} rewrites ${items.length === 1 ? "it" : "them"}${metadataOnly ? " with the same content" : ""}. ${fix}`,
        layers: [writtenBy, hiddenBy],
        steps: context.stepsOf([writtenBy, hiddenBy]),
        bytes,
      };
    });
}

/** Base-image files a user step deleted or rewrote: hiding them costs bytes and saves none. */
function adviseBaseFiles(context: Context): Advice[] {
  const hidden = context.analysis.waste.filter((item) => item.writtenBy < context.base && item.hiddenBy >= context.base);
  const byHider = new Map<number, WasteItem[]>();
  for (const item of hidden) byHider.set(item.hiddenBy, [...(byHider.get(item.hiddenBy) ?? []), item]);
  return [...byHider.entries()]
    .map(([hiddenBy, items]) => ({ hiddenBy, items, bytes: items.reduce((sum, item) => sum + item.bytes, 0) }))
    .filter((group) => group.bytes >= context.options.minBytes)
    .map(({ hiddenBy, items, bytes }): Advice => {
      const rewrites = items.filter((item) => item.reason === "overwritten").length;
      const verb = rewrites === items.length ? "rewrites" : rewrites === 0 ? "deletes" : "deletes or rewrites";
      const writers = [...new Set(items.map((item) => item.writtenBy))].sort((a, b) => a - b);
      return {
        rule: "base-files-hidden",
        title: `Base image files ${verb === "rewrites" ? "rewritten" : "removed"} by a later step (${formatBytes(bytes)})`,
        detail: `${capitalise(context.describe(hiddenBy))} ${verb} ${context.examples(items)} from the base image. The base layers keep those bytes, so this only adds to the image. ${
          rewrites > 0
            ? "For package upgrades, prefer a newer base image tag."
            : "If the files are not wanted, start from a smaller base (or copy what you need into a fresh stage)."
        }`,
        layers: [...writers, hiddenBy],
        steps: context.stepsOf([...writers, hiddenBy]),
        bytes,
      };
    });
}

/** Package-manager caches written by user layers (left in the image, or deleted too late). */
function adviseCaches(context: Context, layers: readonly LayerEntries[]): Advice[] {
  const advice: Advice[] = [];
  layers.forEach((entries, layer) => {
    if (layer < context.base) return;
    const found = new Map<Cache, { path: string; bytes: number }[]>();
    for (const entry of entries) {
      if (entry.type !== "file" || entry.size === 0) continue;
      const cache = CACHES.find((candidate) => candidate.pattern.test(entry.path));
      if (!cache) continue;
      found.set(cache, [...(found.get(cache) ?? []), { path: entry.path, bytes: entry.size }]);
    }
    for (const [cache, files] of found) {
      const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
      if (bytes < context.options.cacheMinBytes) continue;
      const paths = new Set(files.map((file) => file.path));
      const later = context.analysis.waste.filter((item) => item.writtenBy === layer && paths.has(item.path) && item.hiddenBy > layer);
      const hiders = [...new Set(later.map((item) => item.hiddenBy))].sort((a, b) => a - b);
      const tooLate =
        hiders.length > 0
          ? ` ${capitalise(hiders.map((hider) => context.describe(hider)).join(" and "))} removes ${later.length === files.length ? "them" : "some of them"}, too late: the bytes stay in layer ${layer}.`
          : "";
      advice.push({
        rule: "package-manager-cache",
        title: `${cache.manager} cache left in ${context.describe(layer).replace(/ \(.*$/, "")} (${formatBytes(bytes)})`,
        detail: `${capitalise(context.describe(layer))} leaves ${files.length} ${cache.manager} cache file${files.length === 1 ? "" : "s"} (${formatBytes(bytes)}) in layer ${layer}, e.g. ${context.examples(files)}.${tooLate} Clean up in the same RUN: ${cache.fix}.`,
        layers: [layer, ...hiders],
        steps: context.stepsOf([layer, ...hiders]),
        bytes,
      });
    }
  });
  return advice;
}

function adviseBaseShare(context: Context): Advice[] {
  const { base, analysis } = context;
  if (base === 0 || base >= analysis.layers.length || analysis.totalBytes === 0) return [];
  const baseBytes = analysis.layers.slice(0, base).reduce((sum, layer) => sum + layer.storedBytes, 0);
  const share = baseBytes / analysis.totalBytes;
  if (share < context.options.baseShare || baseBytes < context.options.baseMinBytes) return [];
  const layers = Array.from({ length: base }, (_, index) => index);
  return [
    {
      rule: "base-image-share",
      title: `The base image is ${Math.round(share * 100)}% of this image (${formatBytes(baseBytes)})`,
      detail: `Layers 0–${base - 1} come from the base image and hold ${formatBytes(baseBytes)} of ${formatBytes(analysis.totalBytes)}. A smaller base (a -slim or alpine variant, distroless) — or a multi-stage build whose final stage starts from one — is the biggest saving available here.`,
      layers,
      steps: context.stepsOf(layers),
      bytes: baseBytes,
    },
  ];
}

function adviseBuildTools(context: Context, union: UnionFs | null): Advice[] {
  if (!union) return [];
  const tools = new Set<string>();
  const packages = new Set<string>();
  const files: { path: string; bytes: number; layer: number }[] = [];
  let headerBytes = 0;
  for (const entry of union.walk()) {
    if (entry.type !== "file") continue;
    const dpkg = DPKG_PACKAGE.exec(entry.path);
    if (dpkg) {
      const name = dpkg[1]!;
      if (name.endsWith("-dev") || BUILD_PACKAGES.has(name)) packages.add(name);
      continue;
    }
    if (COMPILER.test(entry.path) || BUILD_TOOL.test(entry.path) || TOOLCHAIN_DIR.test(entry.path)) {
      const name = entry.path.slice(entry.path.lastIndexOf("/") + 1);
      if (!TOOLCHAIN_DIR.test(entry.path)) tools.add(name);
      files.push({ path: entry.path, bytes: entry.size, layer: entry.layer });
    } else if (HEADERS.test(entry.path)) {
      headerBytes += entry.size;
      files.push({ path: entry.path, bytes: entry.size, layer: entry.layer });
    }
  }
  const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
  if (bytes < context.options.buildToolsMinBytes && packages.size === 0) return [];
  if (files.length === 0 && packages.size === 0) return [];
  const layerIndexes = [...new Set(files.map((file) => file.layer))].sort((a, b) => a - b);
  const named = [...tools].sort().slice(0, 6);
  const what = [
    named.length > 0 ? named.join(", ") : "",
    headerBytes > 0 ? `headers (${formatBytes(headerBytes)} in /usr/include)` : "",
    packages.size > 0
      ? `${packages.size} build package${packages.size === 1 ? "" : "s"} (${[...packages].sort().slice(0, 4).join(", ")}${packages.size > 4 ? ", …" : ""})`
      : "",
  ].filter(Boolean);
  return [
    {
      rule: "build-tools-in-final-image",
      title: `Build tools in the final image (${formatBytes(bytes)})`,
      detail: `A container of this image can see ${what.join("; ")}, written by ${layerIndexes.map((layer) => context.describe(layer)).join(", ") || "the package database"}. Build in one stage and copy only the result into a runtime stage without compilers and headers (a multi-stage build: \`FROM … AS build\`, then \`COPY --from=build …\`).`,
      layers: layerIndexes,
      steps: context.stepsOf(layerIndexes),
      bytes,
    },
  ];
}

/** Long runs of layer-making RUN steps: each is a layer, and waste between them is only hidden. */
function adviseRunChains(context: Context): Advice[] {
  const advice: Advice[] = [];
  const count = context.analysis.layers.length;
  let start = -1;
  const flush = (end: number) => {
    const length = end - start;
    if (start >= 0 && length >= context.options.runChainLength) {
      const layers = Array.from({ length }, (_, offset) => start + offset);
      const saved = context.analysis.waste.filter(
        (item) => item.writtenBy >= start && item.hiddenBy < end && item.hiddenBy !== item.writtenBy,
      );
      const bytes = saved.reduce((sum, item) => sum + item.bytes, 0);
      const steps = context.stepsOf(layers);
      const span = steps.length > 0 ? `Steps ${steps[0]! + 1}–${steps[steps.length - 1]! + 1}` : `Layers ${start}–${end - 1}`;
      advice.push({
        rule: "many-layers",
        title: `${length} RUN steps in a row could be one`,
        detail: `${span} are ${length} RUN instructions, each making its own layer. Chaining them with \`&&\` in one RUN gives one layer${bytes > 0 ? `, and the ${formatBytes(bytes)} one of them writes and a later one removes would never be stored` : ""}.`,
        layers,
        steps,
        bytes,
      });
    }
    start = -1;
  };
  for (let layer = context.base; layer < count; layer++) {
    if (context.keyword(layer) === "RUN") {
      if (start < 0) start = layer;
    } else flush(layer);
  }
  flush(count);
  return advice;
}

function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
