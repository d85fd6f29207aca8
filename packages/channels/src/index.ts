export * from "./outbox.ts";
export * from "./registry.ts";
export * from "./socket.ts";
