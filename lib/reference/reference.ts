import { BadRequestError } from "@/lib/errors";

// The grammar and normalisation follow github.com/distribution/reference (regexp.go, reference.go,
// normalize.go: ParseNormalizedNamed), so a reference is accepted here exactly when `docker pull`
// would accept it. The parser is hand-split rather than one big regexp so that a rejection can say
// which part is wrong instead of "invalid reference format".

const SURFACE = "reference";

const DEFAULT_DOMAIN = "docker.io";
// Docker Hub's old "index" host; distribution canonicalises it to docker.io.
const LEGACY_DEFAULT_DOMAIN = "index.docker.io";
const OFFICIAL_REPO_PREFIX = "library/";

/** Maximum length of the path part of a name (distribution's RepositoryNameTotalLengthMax). */
const NAME_PATH_MAX = 255;
const TAG_MAX = 128;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_NAME = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*$/;
const IPV6_HOST = /^\[[a-fA-F0-9:]+\]$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IDENTIFIER = /^[a-f0-9]{64}$/;
// go-digest only accepts registered algorithms, and docker registers these three.
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * A parsed, normalised image reference. `name` is fully qualified (what the registry and the
 * engine's RepoTags use); `familiarName` is the short form the docker CLI prints.
 *
 * @example
 * const ref: ImageReference = {
 *   domain: "docker.io", path: "library/busybox", tag: "1.36",
 *   name: "docker.io/library/busybox", familiarName: "busybox",
 * };
 */
export type ImageReference = {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
  /** domain/path, e.g. docker.io/library/busybox */
  name: string;
  /** e.g. busybox, bars/fat, localhost:5000/x */
  familiarName: string;
};

// Inputs are echoed back in messages; a 300-character name is shortened so the message stays readable.
function quoted(value: string): string {
  return value.length <= 100 ? `"${value}"` : `"${value.slice(0, 60)}…${value.slice(-20)}"`;
}

function fail(message: string): never {
  throw new BadRequestError(SURFACE, message);
}

/**
 * Parses an image reference the way the docker CLI does (ParseNormalizedNamed): a missing registry
 * means docker.io, and single-component Docker Hub names get `library/`. Throws BadRequestError
 * naming the part that is wrong.
 *
 * @example parseReference("busybox:1.36")
 * // { domain: "docker.io", path: "library/busybox", tag: "1.36",
 * //   name: "docker.io/library/busybox", familiarName: "busybox" }
 * @example parseReference("localhost:5000/team/app@sha256:<64 hex>").domain // "localhost:5000"
 */
export function parseReference(input: string): ImageReference {
  if (input === "") fail('image reference is empty; expected something like "busybox:1.36"');
  if (IDENTIFIER.test(input)) {
    fail(`invalid repository name ${quoted(input)}: it cannot be a 64-byte hexadecimal string (that is an image ID)`);
  }
  if (/\s/.test(input)) fail(`invalid reference ${quoted(input)}: it contains whitespace`);

  // A tag or digest never contains "/" or "@", so the first "@" starts the digest and the first ":"
  // after the last "/" starts the tag; any ":" before that belongs to a registry port.
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.indexOf(":", rest.lastIndexOf("/") + 1);
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }

  const { domain, typedPath } = splitDockerDomain(rest);
  if (domain !== DEFAULT_DOMAIN) validateDomain(domain, input);

  if (typedPath.toLowerCase() !== typedPath) {
    fail(`invalid reference ${quoted(input)}: repository name must be lowercase, but ${quoted(typedPath)} has uppercase letters`);
  }
  validatePath(typedPath, input);
  // Docker Hub keeps official images under library/, and "docker.io/busybox" means the same image.
  const path = domain === DEFAULT_DOMAIN && !typedPath.includes("/") ? OFFICIAL_REPO_PREFIX + typedPath : typedPath;
  if (path.length > NAME_PATH_MAX) {
    fail(`invalid reference ${quoted(input)}: repository name ${quoted(path)} is ${path.length} characters; the limit is ${NAME_PATH_MAX}`);
  }

  if (tag !== undefined) checkTag(tag, `in ${quoted(input)}`);
  if (digest !== undefined) checkDigest(digest, input);

  const ref: ImageReference = { domain, path, name: `${domain}/${path}`, familiarName: familiarize(domain, path) };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/**
 * The reference as the docker CLI prints it: Docker Hub's domain and `library/` dropped, then
 * `:tag` and `@digest` when present.
 *
 * @example familiarString(parseReference("docker.io/library/busybox:1")) // "busybox:1"
 * @example familiarString(parseReference("localhost:5000/app@sha256:<hex>")) // "localhost:5000/app@sha256:<hex>"
 */
export function familiarString(ref: ImageReference): string {
  return `${ref.familiarName}${ref.tag !== undefined ? `:${ref.tag}` : ""}${ref.digest !== undefined ? `@${ref.digest}` : ""}`;
}

/**
 * Checks the `repo` argument of a tag operation (the engine's POST /images/{name}/tag `repo`
 * parameter) and returns it unchanged. It must be a repository name only: the tag goes in its own
 * parameter, and the engine refuses to tag with a digest.
 *
 * @example validateRepository("localhost:5000/team/app") // "localhost:5000/team/app"
 * @example validateRepository("app:1") // throws: repository "app:1" must not include a tag ...
 */
export function validateRepository(repo: string): string {
  if (repo === "") fail('repository is empty; expected a name like "team/app" or "localhost:5000/app"');
  const ref = parseReference(repo);
  if (ref.digest !== undefined) {
    fail(`repository ${quoted(repo)} must not include a digest ("@${ref.digest}"); an image cannot be tagged with a digest`);
  }
  if (ref.tag !== undefined) {
    // "localhost:5000" alone parses as repository "localhost" with tag "5000", which is never what was meant.
    const beforeTag = repo.slice(0, repo.length - ref.tag.length - 1);
    const looksLikeHostPort = !repo.includes("/") && /^[0-9]+$/.test(ref.tag) && (beforeTag === "localhost" || beforeTag.includes("."));
    const hint = looksLikeHostPort ? `; a registry host needs a repository path after it, e.g. "${repo}/app"` : "; give the tag separately";
    fail(`repository ${quoted(repo)} must not include a tag (":${ref.tag}")${hint}`);
  }
  return repo;
}

/**
 * Checks a tag (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`) and returns it unchanged.
 *
 * @example validateTag("v1.2_3") // "v1.2_3"
 * @example validateTag("-x") // throws: invalid tag "-x": a tag starts with a letter, digit or underscore
 */
export function validateTag(tag: string): string {
  checkTag(tag, "");
  return tag;
}

/**
 * The registry host whose credentials apply to this reference; Docker Hub is "docker.io", which is
 * also the key the dashboard stores Hub credentials under.
 *
 * @example registryOf(parseReference("busybox")) // "docker.io"
 * @example registryOf(parseReference("localhost:5000/app")) // "localhost:5000"
 */
export function registryOf(ref: ImageReference): string {
  return ref.domain;
}

/**
 * True when the input has the shape of an image ID: `sha256:<64 hex>`, bare 64 hex, or a prefix of
 * at least 4 lowercase hex characters (optionally after `sha256:`).
 *
 * A full ID is never a name (the parser rejects 64-hex names), but a short prefix such as "abcd" or
 * "cafe" is also a valid repository name. Callers should resolve short prefixes the way the engine
 * does: look the input up as a name first and fall back to the ID-prefix match only when no image
 * has that name.
 *
 * @example looksLikeImageId("sha256:" + "a".repeat(64)) // true
 * @example looksLikeImageId("3f57d9401f8d") // true (but also a valid name; try the name first)
 * @example looksLikeImageId("busybox") // false
 */
export function looksLikeImageId(input: string): boolean {
  return /^(?:sha256:)?[a-f0-9]{4,64}$/.test(input);
}

/** Mirrors distribution's splitDockerDomain; `typedPath` is the path before `library/` is added. */
function splitDockerDomain(name: string): { domain: string; typedPath: string } {
  const slash = name.indexOf("/");
  if (slash === -1) return { domain: DEFAULT_DOMAIN, typedPath: name };
  const first = name.slice(0, slash);
  const remainder = name.slice(slash + 1);
  if (first === "localhost") return { domain: first, typedPath: remainder };
  if (first === LEGACY_DEFAULT_DOMAIN) return { domain: DEFAULT_DOMAIN, typedPath: remainder };
  // "." is legal in a path component, yet distribution still reads "a.b/c" as host "a.b". Newer
  // distribution versions also read an uppercase first component ("Bars/fat") as a host, but
  // engines up to 24.x reject it as an uppercase repository name; users mean the latter.
  if (/[.:]/.test(first)) return { domain: first, typedPath: remainder };
  return { domain: DEFAULT_DOMAIN, typedPath: name };
}

function validateDomain(domain: string, input: string): void {
  let host = domain;
  let port: string | undefined;
  if (domain.startsWith("[")) {
    const close = domain.indexOf("]");
    if (close === -1) fail(`invalid registry host ${quoted(domain)} in ${quoted(input)}: an IPv6 address needs a closing "]"`);
    host = domain.slice(0, close + 1);
    const after = domain.slice(close + 1);
    if (after !== "") {
      if (!after.startsWith(":"))
        fail(`invalid registry host ${quoted(domain)} in ${quoted(input)}: only ":port" may follow an IPv6 address`);
      port = after.slice(1);
    }
  } else {
    const colon = domain.indexOf(":");
    if (colon !== -1) {
      host = domain.slice(0, colon);
      port = domain.slice(colon + 1);
    }
  }
  if (port !== undefined) {
    if (port === "") fail(`invalid registry host ${quoted(domain)} in ${quoted(input)}: the port after ":" is empty`);
    if (!/^[0-9]+$/.test(port))
      fail(`invalid port ${quoted(port)} in registry host ${quoted(domain)} in ${quoted(input)}: a port is digits only`);
  }
  if (host === "") fail(`invalid registry host ${quoted(domain)} in ${quoted(input)}: the host name is empty`);
  if (host.startsWith("[")) {
    if (!IPV6_HOST.test(host))
      fail(`invalid registry host ${quoted(domain)} in ${quoted(input)}: an IPv6 address in brackets may contain only hex digits and ":"`);
  } else if (!DOMAIN_NAME.test(host)) {
    // distribution would accept e.g. "a_b.c/x" as a domain-less path, leaving no registry to use; reject it instead.
    fail(
      `invalid registry host ${quoted(host)} in ${quoted(input)}: a host is dot-separated labels of letters, digits and inner "-" (or an IPv6 address in brackets)`,
    );
  }
}

function validatePath(path: string, input: string): void {
  if (path === "") fail(`invalid reference ${quoted(input)}: the repository name is missing`);
  const components = path.split("/");
  if (components[0] === "") fail(`invalid reference ${quoted(input)}: the repository name cannot start with "/"`);
  if (components[components.length - 1] === "") fail(`invalid reference ${quoted(input)}: the repository name cannot end with "/"`);
  if (components.includes("")) fail(`invalid reference ${quoted(input)}: the repository name has an empty component ("//")`);
  for (const component of components) {
    if (PATH_COMPONENT.test(component)) continue;
    const bad = component.match(/[^a-z0-9._-]/)?.[0];
    if (bad !== undefined) {
      fail(
        `invalid reference ${quoted(input)}: repository name component ${quoted(component)} contains ${quoted(bad)}; only lowercase letters, digits, ".", "_" and "-" are allowed`,
      );
    }
    if (/^[._-]/.test(component)) {
      fail(
        `invalid reference ${quoted(input)}: repository name component ${quoted(component)} must start with a lowercase letter or digit`,
      );
    }
    if (/[._-]$/.test(component)) {
      fail(`invalid reference ${quoted(input)}: repository name component ${quoted(component)} must end with a lowercase letter or digit`);
    }
    const separator = component.match(/[._-]+/g)?.find((s) => !/^(?:[._]|__|-+)$/.test(s)) ?? "";
    fail(
      `invalid reference ${quoted(input)}: repository name component ${quoted(component)} has the separator ${quoted(separator)}; allowed separators are one ".", one or two "_", or a run of "-"`,
    );
  }
}

/** `where` locates the tag in the message, e.g. `in "x:-bad"`, or "" for a standalone tag. */
function checkTag(tag: string, where: string): void {
  const at = where === "" ? "" : ` ${where}`;
  if (tag === "") fail(`tag is empty${at}; remove the ":" or give a tag such as "latest"`);
  if (TAG.test(tag)) return;
  if (tag.length > TAG_MAX) fail(`invalid tag ${quoted(tag)}${at}: it is ${tag.length} characters; the limit is ${TAG_MAX}`);
  if (!/^[A-Za-z0-9_]/.test(tag)) fail(`invalid tag ${quoted(tag)}${at}: a tag starts with a letter, digit or underscore`);
  const bad = tag.match(/[^A-Za-z0-9_.-]/)?.[0] ?? "";
  fail(`invalid tag ${quoted(tag)}${at}: ${quoted(bad)} is not allowed; a tag may contain letters, digits, "_", "." and "-"`);
}

function checkDigest(digest: string, input: string): void {
  if (digest === "") fail(`invalid reference ${quoted(input)}: the digest after "@" is empty`);
  const colon = digest.indexOf(":");
  if (colon <= 0) fail(`invalid digest ${quoted(digest)} in ${quoted(input)}: a digest is "algorithm:hex", e.g. "sha256:<64 hex digits>"`);
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) {
    fail(`invalid digest ${quoted(digest)} in ${quoted(input)}: unsupported algorithm ${quoted(algorithm)}; use sha256, sha384 or sha512`);
  }
  if (!/^[a-f0-9]*$/.test(hex)) {
    fail(`invalid digest ${quoted(digest)} in ${quoted(input)}: the ${algorithm} value must be lowercase hex digits (0-9, a-f)`);
  }
  if (hex.length !== length) {
    fail(`invalid digest ${quoted(digest)} in ${quoted(input)}: a ${algorithm} digest has ${length} hex digits, not ${hex.length}`);
  }
}

function familiarize(domain: string, path: string): string {
  if (domain !== DEFAULT_DOMAIN) return `${domain}/${path}`;
  // Only a single component under library/ is an official image; library/a/b stays as written.
  if (path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const remainder = path.slice(OFFICIAL_REPO_PREFIX.length);
    if (!remainder.includes("/")) return remainder;
  }
  return path;
}
