"use client";

import { useEffect, useState } from "react";
import { formatRelativeTime, formatTimestamp } from "@/lib/format/time";

/** "5 minutes ago", kept current, with the exact UTC time on hover. */
export function RelativeTime({ time, className }: { time: string; className?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    // Server and browser render at different instants; the text may differ by a second.
    <time dateTime={time} title={formatTimestamp(time)} className={className} suppressHydrationWarning>
      {formatRelativeTime(time, now)}
    </time>
  );
}
