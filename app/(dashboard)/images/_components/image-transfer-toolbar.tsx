"use client";

import { useState } from "react";
import { RoleButton } from "@/app/_components/role-button";
import type { Role } from "@/lib/auth/roles";
import { ImportDialog } from "./import-dialog";
import { LoadDialog } from "./load-dialog";
import { PullDialog } from "./pull-dialog";

/** The Images page's ways to get an image onto the engine: pull, import, load. */
export function ImageTransferToolbar({ role }: { role: Role }) {
  const [dialog, setDialog] = useState<"pull" | "import" | "load" | null>(null);
  return (
    <div data-testid="images-toolbar" className="flex shrink-0 items-center gap-2">
      <RoleButton
        role={role}
        needs="operator"
        variant="primary"
        onClick={() => setDialog("pull")}
        title="docker pull: download an image from a registry"
      >
        <svg viewBox="0 0 20 20" className="size-4" aria-hidden>
          <path
            d="M10 3v10M6 9.5l4 4 4-4M4 16.5h12"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.7"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        Pull
      </RoleButton>
      <RoleButton
        role={role}
        needs="operator"
        variant="secondary"
        onClick={() => setDialog("import")}
        title="docker import: an image from a root filesystem tarball"
      >
        Import
      </RoleButton>
      <RoleButton
        role={role}
        needs="operator"
        variant="secondary"
        onClick={() => setDialog("load")}
        title="docker load: images from a docker save archive"
      >
        Load
      </RoleButton>
      {dialog === "pull" ? <PullDialog onClose={() => setDialog(null)} /> : null}
      {dialog === "import" ? <ImportDialog onClose={() => setDialog(null)} /> : null}
      {dialog === "load" ? <LoadDialog onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
