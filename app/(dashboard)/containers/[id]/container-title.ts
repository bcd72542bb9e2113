import "server-only";
import { cache } from "react";
import { onPageEngine } from "@/app/_lib/page-engine";
import { containerCliName } from "@/lib/containers/queries";

/**
 * A container page's tab title: the container's name (or its 12-character ID), never the 64-digit
 * ID a link may carry. Cached per request: the layout and the tab's page both ask.
 */
export const containerTitle = cache(async (reference: string): Promise<string> => await onPageEngine(() => containerCliName(reference)));
