// Sizes use decimal units (1 MB = 1000 kB), like the docker CLI, so the numbers here match what
// `docker images` and `docker system df` print for the same image.
const UNITS = ["B", "kB", "MB", "GB", "TB", "PB"] as const;

/**
 * A byte count for people: three significant digits at most, decimal units, "0 B" for zero.
 *
 * @example formatBytes(54_412_972) // "54.4 MB"
 * @example formatBytes(23) // "23 B"
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "—";
  const sign = bytes < 0 ? "-" : "";
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  // Rounding 999.96 kB up to "1000 kB" reads wrong; carry it into the next unit instead.
  if (unit > 0 && Number(value.toPrecision(3)) >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const text = unit === 0 ? String(Math.round(value)) : trimZeros(value.toPrecision(3));
  return `${sign}${text} ${UNITS[unit]}`;
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/**
 * The share of `part` in `whole` as a whole percentage, "0%" when the whole is empty.
 *
 * @example formatPercent(1, 3) // "33%"
 * @example formatPercent(1, 1000) // "<1%"
 */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0 || part <= 0) return "0%";
  const percent = (part / whole) * 100;
  if (percent < 1) return "<1%";
  return `${Math.round(percent)}%`;
}
