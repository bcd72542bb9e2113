import { CliCommand } from "@/app/_components/cli-command";

/** A list page's title, what the list explains, and the docker CLI line that lists the same. */
export function ListPageHeader({
  title,
  command,
  commandWidth,
  children,
}: {
  title: string;
  command: string;
  /** A Tailwind width that fits the command on one line, e.g. `w-60`. */
  commandWidth: string;
  /** The explanation under the title. */
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <p className="max-w-3xl text-sm text-slate-500">{children}</p>
      </div>
      <div className={commandWidth}>
        <CliCommand command={command} />
      </div>
    </div>
  );
}
