import { clsx } from "clsx";
import { splitInstruction } from "@/lib/format/image";

const KEYWORD_TONE: Record<string, string> = {
  RUN: "text-sky-700",
  COPY: "text-emerald-700",
  ADD: "text-emerald-700",
  IMPORT: "text-amber-700",
};

/** A Dockerfile instruction with its keyword highlighted; RUN/COPY/ADD make layers, so they stand out. */
export function InstructionText({ instruction, keyword, className }: { instruction: string; keyword: string; className?: string }) {
  const { keyword: head, rest } = splitInstruction(instruction, keyword);
  return (
    <span className={clsx("font-mono", className)}>
      {head ? <span className={clsx("font-semibold", KEYWORD_TONE[keyword] ?? "text-violet-700")}>{head}</span> : null}
      {rest ||
        (keyword === "IMPORT" && !instruction ? (
          <span className="font-sans text-slate-400"> filesystem import (no Dockerfile step)</span>
        ) : null)}
    </span>
  );
}
