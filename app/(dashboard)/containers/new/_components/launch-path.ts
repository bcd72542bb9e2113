/**
 * The launch form's address for an image reference or ID, for the "Launch" links elsewhere.
 *
 * @example launchPath("seed/entry:1") // "/containers/new?image=seed%2Fentry%3A1"
 */
export function launchPath(image: string): string {
  return `/containers/new?image=${encodeURIComponent(image)}`;
}
