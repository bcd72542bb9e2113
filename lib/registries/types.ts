/** A saved registry as every API shows it: never the password. */
export type RegistryView = { id: string; address: string; username: string; createdAt: string; updatedAt: string };
