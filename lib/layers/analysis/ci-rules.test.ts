import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  DIVE_DEFAULT_RULES,
  evaluateCiRules,
  parseByteSize,
  parseCiRuleValue,
  parseDiveCiFile,
  resolveCiRules,
} from "@/lib/layers/analysis/ci-rules";
import { AppError } from "@/lib/errors";

const isBadRequest = (pattern: RegExp) => (error: unknown) =>
  error instanceof AppError && error.code === "bad_request:query" && pattern.test(error.message);

describe("parseByteSize (go-humanize's ParseBytes)", () => {
  test("SI and IEC units, any case, with or without B and spaces", () => {
    assert.equal(parseByteSize("20MB"), 20_000_000);
    assert.equal(parseByteSize("20MiB"), 20_971_520);
    assert.equal(parseByteSize("20mb"), 20_000_000);
    assert.equal(parseByteSize("20 M"), 20_000_000);
    assert.equal(parseByteSize("1.5GB"), 1_500_000_000);
    assert.equal(parseByteSize("2KiB"), 2048);
    assert.equal(parseByteSize("1,000"), 1000);
    assert.equal(parseByteSize("512"), 512);
    assert.equal(parseByteSize("7B"), 7);
  });

  test("refuses what dive refuses", () => {
    assert.throws(() => parseByteSize("MB"), isBadRequest(/invalid size/));
    assert.throws(() => parseByteSize("20 parsecs"), isBadRequest(/unknown unit/));
    assert.throws(() => parseByteSize(" 20MB"), isBadRequest(/invalid size/));
    assert.throws(() => parseByteSize("-1MB"), isBadRequest(/invalid size/));
  });
});

describe("rule values", () => {
  test("fractions in 0..1, sizes, and dive's disabled", () => {
    assert.equal(parseCiRuleValue("lowestEfficiency", "0.95"), 0.95);
    assert.equal(parseCiRuleValue("highestUserWastedPercent", ".2"), 0.2);
    assert.equal(parseCiRuleValue("highestWastedBytes", "20MB"), 20_000_000);
    assert.equal(parseCiRuleValue("highestWastedBytes", "disabled"), null);
    assert.equal(parseCiRuleValue("lowestEfficiency", "disabled"), null);
    assert.throws(() => parseCiRuleValue("lowestEfficiency", "1.5"), isBadRequest(/outside the allowed range 0-1/));
    assert.throws(() => parseCiRuleValue("highestUserWastedPercent", "ten"), isBadRequest(/not a number/));
    assert.throws(() => parseCiRuleValue("lowestEfficiency", "Disabled"), isBadRequest(/not a number/), "dive's value is case-sensitive");
  });

  test("precedence: explicit options over the file over dive's defaults", () => {
    assert.deepEqual(resolveCiRules(), DIVE_DEFAULT_RULES);
    assert.deepEqual(
      resolveCiRules({ file: { highestWastedBytes: "20MB", lowestEfficiency: "0.8" }, overrides: { lowestEfficiency: "0.95" } }),
      {
        lowestEfficiency: 0.95,
        highestWastedBytes: 20_000_000,
        highestUserWastedPercent: 0.1,
      },
    );
    assert.deepEqual(resolveCiRules({ overrides: { highestUserWastedPercent: "disabled" } }).highestUserWastedPercent, null);
  });
});

describe("evaluateCiRules", () => {
  const fat = { efficiency: 0.037, wastedBytes: 52_428_800, userWastedPercent: 0.96 };
  const slim = { efficiency: 1, wastedBytes: 0, userWastedPercent: 0 };

  test("the fat image fails dive's defaults on efficiency and user waste", () => {
    const result = evaluateCiRules(fat, DIVE_DEFAULT_RULES);
    assert.equal(result.pass, false);
    assert.deepEqual(
      result.failures.map((failure) => [failure.rule, failure.threshold]),
      [
        ["lowestEfficiency", 0.9],
        ["highestUserWastedPercent", 0.1],
      ],
    );
    assert.match(result.failures[0]!.message, /efficiency=0.037 < threshold=0.9/);
    assert.equal(result.results.find((item) => item.rule === "highestWastedBytes")!.status, "disabled");
  });

  test("the slim image passes", () => {
    assert.deepEqual(evaluateCiRules(slim, resolveCiRules({ overrides: { highestWastedBytes: "1MB" } })), {
      pass: true,
      failures: [],
      results: [
        { rule: "lowestEfficiency", status: "pass", actual: 1, threshold: 0.9, message: "" },
        { rule: "highestWastedBytes", status: "pass", actual: 0, threshold: 1_000_000, message: "" },
        { rule: "highestUserWastedPercent", status: "pass", actual: 0, threshold: 0.1, message: "" },
      ],
    });
  });

  test("comparisons are dive's: strictly below / strictly above the threshold fails", () => {
    const edge = { efficiency: 0.9, wastedBytes: 20_000_000, userWastedPercent: 0.1 };
    assert.equal(evaluateCiRules(edge, resolveCiRules({ overrides: { highestWastedBytes: "20MB" } })).pass, true);
    assert.equal(
      evaluateCiRules({ ...edge, wastedBytes: 20_000_001 }, resolveCiRules({ overrides: { highestWastedBytes: "20MB" } })).pass,
      false,
    );
  });

  test("all rules disabled always passes", () => {
    const off = resolveCiRules({ overrides: { lowestEfficiency: "disabled", highestUserWastedPercent: "disabled" } });
    assert.equal(evaluateCiRules(fat, off).pass, true);
  });
});

describe("parseDiveCiFile", () => {
  test("dive's documented example", () => {
    const text = [
      "rules:",
      "  # If the efficiency is measured below X%, mark as failed.",
      "  # Expressed as a ratio between 0-1.",
      "  lowestEfficiency: 0.95",
      "",
      "  # If the amount of wasted space is at least X or larger than X, mark as failed.",
      "  # Expressed in B, KB, MB, and GB.",
      "  highestWastedBytes: 20MB",
      "",
      "  # If the amount of wasted space makes up for X% or more of the image, mark as failed.",
      "  # Note: the base image layer is NOT included in the total image size.",
      "  # Expressed as a ratio between 0-1; fails if the threshold is met or crossed.",
      "  highestUserWastedPercent: 0.20",
      "",
    ].join("\n");
    assert.deepEqual(parseDiveCiFile(text), {
      rules: { lowestEfficiency: "0.95", highestWastedBytes: "20MB", highestUserWastedPercent: "0.20" },
      warnings: [],
    });
  });

  test("quotes, trailing comments, CRLF, disabled, empty values and document markers", () => {
    const text =
      "---\r\nrules:\r\n    lowestEfficiency: 'disabled'   # off for now\r\n    highestWastedBytes: \"20 MiB\"\r\n    highestUserWastedPercent:\r\n";
    const { rules } = parseDiveCiFile(text);
    assert.deepEqual(rules, { lowestEfficiency: "disabled", highestWastedBytes: "20 MiB" });
    assert.deepEqual(resolveCiRules({ file: rules }), {
      lowestEfficiency: null,
      highestWastedBytes: 20_971_520,
      highestUserWastedPercent: 0.1,
    });
  });

  test("unknown keys are ignored with a warning, as dive ignores them", () => {
    const { rules, warnings } = parseDiveCiFile("image: foo\n  nested: 1\nrules:\n  lowestEfficiency: 0.5\n  maxLayers: 3\n");
    assert.deepEqual(rules, { lowestEfficiency: "0.5" });
    assert.equal(warnings.length, 2);
    assert.match(warnings[1]!, /unknown rule "maxLayers"/);
  });

  test("errors name the line", () => {
    assert.throws(
      () => parseDiveCiFile("rules:\n  lowestEfficiency: 2\n"),
      isBadRequest(/line 2: lowestEfficiency: 2 is outside the allowed range/),
    );
    assert.throws(() => parseDiveCiFile("rules:\n\tlowestEfficiency: 0.9\n"), isBadRequest(/line 2: tabs/));
    assert.throws(() => parseDiveCiFile("rules: {lowestEfficiency: 0.9}\n"), isBadRequest(/line 1: .*flow values/));
    assert.throws(() => parseDiveCiFile("rules:\n  highestWastedBytes: 20 parsecs\n"), isBadRequest(/line 2: .*unknown unit/));
    assert.throws(() => parseDiveCiFile("rules:\n  lowestEfficiency: 0.9\n  lowestEfficiency: 0.8\n"), isBadRequest(/given twice/));
    assert.throws(() => parseDiveCiFile("rules:\n  lowestEfficiency: [0.9]\n"), isBadRequest(/flow values/));
    assert.throws(() => parseDiveCiFile("rules: 0.9\n"), isBadRequest(/"rules" must be a mapping/));
    assert.throws(() => parseDiveCiFile("just some text\n"), isBadRequest(/expected "key: value"/));
  });

  test("an empty file or an empty rules mapping leaves dive's defaults", () => {
    assert.deepEqual(parseDiveCiFile("").rules, {});
    assert.deepEqual(parseDiveCiFile("rules: {}\n").rules, {});
    assert.deepEqual(parseDiveCiFile("# nothing\nrules:\n").rules, {});
  });
});
