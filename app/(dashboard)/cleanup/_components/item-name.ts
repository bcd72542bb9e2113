/**
 * A plan item's name to show: an image planned by ID (a dangling one) reads as `<none>` and its
 * short ID, as `docker images` prints it.
 *
 * @example displayName("sha256:2534ddfd9f715aed64c265b91d7cd758bd635523a5420c37e49b8609415438e0") // "<none> 2534ddfd9f71"
 */
export function displayName(name: string): string {
  return /^sha256:[a-f0-9]{64}$/.test(name) ? `<none> ${name.slice(7, 19)}` : name;
}
