import { EngineObjectNotFound } from "@/app/_components/engine-object-not-found";

/** The 404 of a network's page: networks/[id]/page.tsx calls notFound() for an unknown or invalid ID or name. */
export default function NetworkNotFound() {
  return (
    <EngineObjectNotFound kind="network" list={{ href: "/networks", label: "networks" }}>
      It may have been removed, or the ID or name is misspelled.
    </EngineObjectNotFound>
  );
}
