/**
 * dive's CI rules, so a pipeline that gates on dive can switch without rewriting its config:
 * the three rules and their defaults, dive's `disabled` value, sizes the way dive reads them
 * (go-humanize's ParseBytes: `20MB` = 20,000,000, `20MiB` = 20,971,520), the `.dive-ci` file and
 * the comparisons dive makes (wagoodman/dive runtime/ci/rule.go):
 *   lowestEfficiency          fails when efficiency < value          (value in 0..1)
 *   highestWastedBytes        fails when wasted bytes > value        (a size)
 *   highestUserWastedPercent  fails when user-wasted fraction > value (value in 0..1)
 * One difference is deliberate: this dashboard's userWastedPercent is the user waste over the
 * image's stored bytes (see waste.ts); dive divides all waste by the bytes of layers 1..n.
 */
import { BadRequestError } from "@/lib/errors";

export const CI_RULE_KEYS = ["lowestEfficiency", "highestWastedBytes", "highestUserWastedPercent"] as const;
export type CiRuleKey = (typeof CI_RULE_KEYS)[number];

/** Thresholds; null means the rule is disabled. */
export type CiRules = Record<CiRuleKey, number | null>;

/** Rule values as written by a person (flags, query parameters, `.dive-ci`): `"0.9"`, `"20MB"`, `"disabled"`. */
export type CiRuleValues = Partial<Record<CiRuleKey, string>>;

/** dive's defaults: what `dive --ci` applies without a config file. */
export const DIVE_DEFAULT_RULES: Readonly<CiRules> = Object.freeze({
  lowestEfficiency: 0.9,
  highestWastedBytes: null,
  highestUserWastedPercent: 0.1,
});

const DISABLED = "disabled";

// go-humanize's table: SI and IEC suffixes, with or without the trailing B, any case.
const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  ki: 2 ** 10,
  kib: 2 ** 10,
  m: 1e6,
  mb: 1e6,
  mi: 2 ** 20,
  mib: 2 ** 20,
  g: 1e9,
  gb: 1e9,
  gi: 2 ** 30,
  gib: 2 ** 30,
  t: 1e12,
  tb: 1e12,
  ti: 2 ** 40,
  tib: 2 ** 40,
  p: 1e15,
  pb: 1e15,
  pi: 2 ** 50,
  pib: 2 ** 50,
  e: 1e18,
  eb: 1e18,
  ei: 2 ** 60,
  eib: 2 ** 60,
};

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A size as dive reads it: a number (commas allowed) and an optional unit, SI or IEC.
 *
 * @example parseByteSize("20MB") // 20000000
 * @example parseByteSize("20MiB") // 20971520
 * @example parseByteSize("1.5 GB") // 1500000000
 */
export function parseByteSize(text: string): number {
  const match = /^[\d.,]*/.exec(text)![0];
  const number = match.replaceAll(",", "");
  const unit = text.slice(match.length).trim().toLowerCase();
  if (!/^(?:\d+\.?\d*|\.\d+)$/.test(number))
    throw new BadRequestError("query", `invalid size "${text}": expected a number with an optional unit, e.g. 20MB or 20MiB`);
  const multiplier = UNITS[unit];
  if (multiplier === undefined)
    throw new BadRequestError("query", `invalid size "${text}": unknown unit "${unit}" (B, KB, MB, GB, KiB, MiB, GiB, …)`);
  return Math.floor(Number(number) * multiplier);
}

/**
 * One rule's value: dive's `disabled` gives null; fractions must lie in 0..1 (as dive checks).
 *
 * @example parseCiRuleValue("highestWastedBytes", "20MB") // 20000000
 * @example parseCiRuleValue("lowestEfficiency", "disabled") // null
 */
export function parseCiRuleValue(key: CiRuleKey, raw: string, source = "rule"): number | null {
  const text = raw.trim();
  if (text === DISABLED) return null;
  if (key === "highestWastedBytes") {
    try {
      return parseByteSize(text);
    } catch (error) {
      throw new BadRequestError("query", `${source} ${key}: ${(error as Error).message}`);
    }
  }
  if (!DECIMAL.test(text))
    throw new BadRequestError("query", `${source} ${key}: "${raw}" is not a number (a fraction from 0 to 1, or "disabled")`);
  const value = Number(text);
  if (value < 0 || value > 1) throw new BadRequestError("query", `${source} ${key}: ${raw} is outside the allowed range 0-1`);
  return value;
}

/**
 * The rules in force: explicit values (flags, query) over the `.dive-ci` file over dive's
 * defaults, as dive's flag/config precedence has it.
 *
 * @example resolveCiRules({ file: { highestWastedBytes: "20MB" }, overrides: { lowestEfficiency: "0.95" } })
 * // { lowestEfficiency: 0.95, highestWastedBytes: 20000000, highestUserWastedPercent: 0.1 }
 */
export function resolveCiRules({ file, overrides }: { file?: CiRuleValues; overrides?: CiRuleValues } = {}): CiRules {
  const rules: CiRules = { ...DIVE_DEFAULT_RULES };
  for (const key of CI_RULE_KEYS) {
    const fromFile = file?.[key];
    const explicit = overrides?.[key];
    if (explicit !== undefined) rules[key] = parseCiRuleValue(key, explicit, "option");
    else if (fromFile !== undefined) rules[key] = parseCiRuleValue(key, fromFile, ".dive-ci");
  }
  return rules;
}

export type CiRuleResult = {
  rule: CiRuleKey;
  status: "pass" | "fail" | "disabled";
  actual: number;
  threshold: number | null;
  message: string;
};
export type CiFailure = { rule: CiRuleKey; message: string; actual: number; threshold: number };
export type CiEvaluation = { pass: boolean; failures: CiFailure[]; results: CiRuleResult[] };

/**
 * Applies the rules to an analysis.
 *
 * @example evaluateCiRules({ efficiency: 0.04, wastedBytes: 52428800, userWastedPercent: 0.96 }, DIVE_DEFAULT_RULES).pass // false
 */
export function evaluateCiRules(
  analysis: { efficiency: number; wastedBytes: number; userWastedPercent: number },
  rules: CiRules,
): CiEvaluation {
  const checks: { rule: CiRuleKey; actual: number; fails: (threshold: number) => boolean; message: (threshold: number) => string }[] = [
    {
      rule: "lowestEfficiency",
      actual: analysis.efficiency,
      fails: (threshold) => analysis.efficiency < threshold,
      message: (threshold) => `image efficiency is too low (efficiency=${round(analysis.efficiency)} < threshold=${threshold})`,
    },
    {
      rule: "highestWastedBytes",
      actual: analysis.wastedBytes,
      fails: (threshold) => analysis.wastedBytes > threshold,
      message: (threshold) => `too many bytes wasted (wasted-bytes=${analysis.wastedBytes} > threshold=${threshold})`,
    },
    {
      rule: "highestUserWastedPercent",
      actual: analysis.userWastedPercent,
      fails: (threshold) => analysis.userWastedPercent > threshold,
      message: (threshold) =>
        `too many bytes wasted by the image's own layers (user-wasted-percent=${round(analysis.userWastedPercent)} > threshold=${threshold})`,
    },
  ];
  const results = checks.map(({ rule, actual, fails, message }): CiRuleResult => {
    const threshold = rules[rule];
    if (threshold === null) return { rule, status: "disabled", actual, threshold, message: "rule disabled" };
    return fails(threshold)
      ? { rule, status: "fail", actual, threshold, message: message(threshold) }
      : { rule, status: "pass", actual, threshold, message: "" };
  });
  const failures = results.flatMap((result) =>
    result.status === "fail" ? [{ rule: result.rule, message: result.message, actual: result.actual, threshold: result.threshold! }] : [],
  );
  return { pass: failures.length === 0, failures, results };
}

/**
 * Reads dive's `.dive-ci` file: the YAML subset dive documents (a `rules:` mapping of the three
 * keys with scalar values, comments, quotes). Other top-level keys and unknown rules are ignored
 * with a warning, as dive (viper) ignores them; an empty or `null` value leaves the default, as
 * viper does. Anything else YAML allows (flow mappings, anchors, multi-line values) is refused with
 * the line number rather than guessed at: a full YAML library (`yaml` or `js-yaml`) would be the
 * choice if teams need more than dive itself reads.
 *
 * @example parseDiveCiFile("rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n")
 * // { rules: { lowestEfficiency: "0.95", highestWastedBytes: "20MB" }, warnings: [] }
 */
export function parseDiveCiFile(text: string): { rules: CiRuleValues; warnings: string[] } {
  const rules: CiRuleValues = {};
  const warnings: string[] = [];
  const seen = new Set<string>();
  let section: "rules" | "other" | null = null;
  let childIndent: number | null = null;

  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    const fail = (message: string): never => {
      throw new BadRequestError("query", `.dive-ci line ${lineNumber}: ${message}`);
    };
    if (/^\s*(?:#.*)?$/.test(line) || /^(?:---|\.\.\.)\s*(?:#.*)?$/.test(line)) return;
    const indentText = /^[ \t]*/.exec(line)![0];
    if (indentText.includes("\t")) fail("tabs cannot indent YAML");
    const indent = indentText.length;
    const pair = /^([A-Za-z_][\w.-]*|"[^"]*"|'[^']*')\s*:(?:\s+(.*))?$/.exec(line.slice(indent));
    if (!pair) fail(`expected "key: value", got "${line.trim()}"`);
    const key = unquoteKey(pair![1]!);
    const value = scalar(pair![2] ?? "", fail);

    if (indent === 0) {
      if (key === "rules") {
        if (value === "{}") {
          section = "other";
          return;
        }
        if (value !== null) fail('"rules" must be a mapping of rule names to values');
        section = "rules";
      } else {
        section = "other";
        warnings.push(`line ${lineNumber}: "${key}" is not a dive setting the dashboard reads; ignored`);
      }
      childIndent = null;
      return;
    }
    if (section === null) fail("indented line outside any section");
    if (section === "other") return;
    childIndent ??= indent;
    if (indent !== childIndent) fail("nested values are not part of dive's rules");
    if (!(CI_RULE_KEYS as readonly string[]).includes(key)) {
      warnings.push(`line ${lineNumber}: unknown rule "${key}" ignored (dive knows ${CI_RULE_KEYS.join(", ")})`);
      return;
    }
    if (seen.has(key)) fail(`rule "${key}" is given twice`);
    seen.add(key);
    if (value === null || value === "~" || value === "null") return;
    // Checked here so that the message can name the line.
    try {
      parseCiRuleValue(key as CiRuleKey, value, ".dive-ci");
    } catch (error) {
      fail((error as Error).message.replace(/^\.dive-ci /, ""));
    }
    rules[key as CiRuleKey] = value;
  });
  return { rules, warnings };
}

function unquoteKey(key: string): string {
  return /^["'].*["']$/.test(key) ? key.slice(1, -1) : key;
}

/** A YAML scalar on one line (plain, 'single' or "double" quoted, an optional # comment); null when empty. */
function scalar(text: string, fail: (message: string) => never): string | null {
  const value = text.trim();
  if (value === "" || value.startsWith("#")) return null;
  if (value.startsWith("'")) {
    const match = /^'((?:[^']|'')*)'\s*(?:#.*)?$/.exec(value);
    if (!match) fail("unterminated 'quoted' value");
    return match![1]!.replaceAll("''", "'");
  }
  if (value.startsWith('"')) {
    const match = /^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(value);
    if (!match) fail('unterminated "quoted" value');
    return match![1]!.replace(/\\(.)/g, "$1");
  }
  if (/^[[{&*!|>]/.test(value) && value !== "{}") fail(`"${value}": YAML flow values, anchors, tags and blocks are not supported here`);
  return value.replace(/\s+#.*$/, "");
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
