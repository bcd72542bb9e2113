import { notFound } from "next/navigation";

// app/not-found.tsx is outside this feature's files; this catch-all sends unknown paths to the
// (dashboard) not-found page instead, with a real 404 status. Specific routes (and /api) win over it.
export default function UnknownPage(): never {
  notFound();
}
