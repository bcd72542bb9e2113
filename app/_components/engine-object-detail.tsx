import clsx from "clsx";
import Link from "next/link";
import { PairTable } from "@/app/_components/list-table";
import { Notice } from "@/app/_components/notice";
import { errorMessage, type ApiError } from "@/app/_lib/api-client";

// The parts of a volume's or network's page: both are an engine object with a driver, containers,
// labels and driver options, read with `docker volume|network inspect`.

/** Back to the list, the object's name as the page title, what marks it, and its remove button. */
export function EngineObjectHeader({
  back,
  title,
  titleTestId,
  mono = false,
  marks,
  action,
}: {
  back: { href: string; label: string };
  title: string;
  titleTestId: string;
  /** A name shown in a fixed-width font (a volume name may be 64 hex digits). */
  mono?: boolean;
  /** Badges and IDs under the title, once the object is read. */
  marks?: React.ReactNode;
  action?: React.ReactNode;
}) {
  return (
    <div>
      <Link href={back.href} className="text-sm text-sky-700 hover:underline">
        ← {back.label}
      </Link>
      <div className="mt-1 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 data-testid={titleTestId} className={clsx(mono && "font-mono", "text-xl font-semibold tracking-tight break-all")}>
            {title}
          </h1>
          {marks}
        </div>
        {action}
      </div>
    </div>
  );
}

/** Why the object could not be read: "No such volume" for a 404, else "Cannot read the volume". */
export function EngineObjectReadError({ error, noun }: { error: ApiError | undefined; noun: string }) {
  if (!error) return null;
  return (
    <Notice tone="error" title={error.status === 404 ? `No such ${noun}` : `Cannot read the ${noun}`}>
      {errorMessage(error)}
    </Notice>
  );
}

/** Label / value rows in one card: two columns from `sm` up, one on a phone. */
export function EngineObjectFacts({
  facts,
}: {
  facts: readonly { label: string; value: React.ReactNode; testId?: string; className?: string }[];
}) {
  return (
    <section className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm sm:grid-cols-[auto_1fr]">
      {facts.map((fact) => [
        <span key={`${fact.label}-label`} className="text-slate-500">
          {fact.label}
        </span>,
        <span key={`${fact.label}-value`} data-testid={fact.testId} className={fact.className}>
          {fact.value}
        </span>,
      ])}
    </section>
  );
}

/** The object's labels and its driver's options, each as a table. */
export function LabelsAndDriverOptions({ labels, options }: { labels: Record<string, string>; options: Record<string, string> }) {
  return (
    <>
      <section className="space-y-2">
        <h2 className="text-base font-semibold">Labels</h2>
        <PairTable pairs={Object.entries(labels)} empty="no labels" names={["Label", "Value"]} />
      </section>
      <section className="space-y-2">
        <h2 className="text-base font-semibold">Driver options</h2>
        <PairTable pairs={Object.entries(options)} empty="no options" names={["Option", "Value"]} />
      </section>
    </>
  );
}
