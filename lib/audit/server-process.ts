// The server process identity moved to lib/instances (each instance's heartbeat row carries it);
// the builds history still reads it from here.
export * from "@/lib/instances/server-process";
