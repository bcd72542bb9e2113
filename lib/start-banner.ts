/**
 * What `npm start` (and so `npm run up`) prints once the server answers: where to point the browser
 * and what the first page there will ask for. Next's own log ends at "Ready", which leaves a new
 * user guessing both.
 */

/**
 * The address a browser on this machine reaches the server at: a wildcard listen address
 * (`0.0.0.0`, `::`) is not one a browser can open, so it becomes the loopback address.
 *
 * @example browserUrl("0.0.0.0", 3000) // "http://127.0.0.1:3000"
 * @example browserUrl("::1", 3000) // "http://[::1]:3000"
 */
export function browserUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" || host === "::" || host === "" ? "127.0.0.1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * The next step, from what the server said about `/setup`: open (no user yet) means the first visit
 * creates the admin account; closed means someone signs in — the configured admin when
 * ADMIN_USERNAME names one.
 *
 * @example nextStepLine({ url: "http://127.0.0.1:3000", setupOpen: true }) // "Next: open http://127.0.0.1:3000 and create the admin account."
 */
export function nextStepLine({
  url,
  setupOpen,
  adminUsername,
}: {
  url: string;
  setupOpen: boolean | null;
  adminUsername?: string;
}): string {
  if (adminUsername) return `Next: open ${url} and sign in as ${adminUsername} (the ADMIN_USERNAME account).`;
  if (setupOpen === true) return `Next: open ${url} and create the admin account (the first visit asks for it).`;
  if (setupOpen === false) return `Next: open ${url} and sign in.`;
  return `Next: open ${url}.`;
}
