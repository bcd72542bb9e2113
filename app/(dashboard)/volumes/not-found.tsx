import { EngineObjectNotFound } from "@/app/_components/engine-object-not-found";

/** The 404 of a volume's page: volumes/[name]/page.tsx calls notFound() for an unknown or invalid name. */
export default function VolumeNotFound() {
  return (
    <EngineObjectNotFound kind="volume" list={{ href: "/volumes", label: "volumes" }}>
      It may have been removed (an anonymous volume goes with its container on <code>docker rm -v</code> or <code>--rm</code>), or the name
      is misspelled.
    </EngineObjectNotFound>
  );
}
