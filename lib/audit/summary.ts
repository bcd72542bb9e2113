// How the audit page words a recorded result: one readable line instead of raw JSON.

const LONG_ID = /^(sha256:)?([0-9a-f]{64})$/;

/**
 * A 64-hex ID (with or without "sha256:") cut to the 12 characters docker prints; anything else as is.
 *
 * @example shortenId("sha256:3f4e…") // "3f4e5a6b7c8d"
 */
export function shortenId(text: string): string {
  const match = LONG_ID.exec(text);
  return match ? match[2]!.slice(0, 12) : text;
}

/** Whether a target is an engine ID that only makes sense shortened (with the full one on hover). */
export function isLongId(text: string): boolean {
  return LONG_ID.test(text);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Words for a field name: "sizeRw" → "size rw", "started_at" → "started at". */
function words(key: string): string {
  return key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
}

/**
 * One line saying what an action did, from its recorded result: known shapes in words (a tag, an
 * image removal), others as their plain fields (IDs shortened, flags by name), never raw JSON.
 *
 * @example summarizeAuditResult({ untagged: ["a:1"], deleted: ["sha256:…", "sha256:…"] }) // "untagged 1 reference · deleted 2 IDs (image and unshared layers)"
 * @example summarizeAuditResult({ id: "…64 hex…", name: "web", started: true }) // "id 3f4e5a6b7c8d · name web · started"
 */
export function summarizeAuditResult(result: unknown): string {
  if (result === null || result === undefined) return "";
  if (typeof result !== "object") return shortenId(String(result));
  if (Array.isArray(result)) return plural(result.length, "item");
  const record = result as Record<string, unknown>;
  if (typeof record.source === "string" && typeof record.target === "string") return `tagged as ${record.target}`;
  if (Array.isArray(record.untagged) || Array.isArray(record.deleted)) {
    const untagged = Array.isArray(record.untagged) ? record.untagged.length : 0;
    const deleted = Array.isArray(record.deleted) ? record.deleted.length : 0;
    return `untagged ${plural(untagged, "reference")} · deleted ${plural(deleted, "ID")} (image and unshared layers)`;
  }
  const parts: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (value === null || value === undefined || value === "") continue;
    if (typeof value === "boolean") parts.push(value ? words(key) : `not ${words(key)}`);
    else if (typeof value === "string") parts.push(`${words(key)} ${shortenId(value)}`);
    else if (typeof value === "number") parts.push(`${words(key)} ${value}`);
    else if (Array.isArray(value)) parts.push(`${words(key)}: ${value.length}`);
  }
  if (parts.length === 0) return "done";
  return parts.length > 4 ? `${parts.slice(0, 4).join(" · ")} · …` : parts.join(" · ");
}
