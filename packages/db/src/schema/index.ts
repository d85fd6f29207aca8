export * from "./api-keys.ts";
export * from "./campaigns.ts";
export * from "./executions.ts";
export * from "./idempotency-keys.ts";
export * from "./messages.ts";
export * from "./profiles.ts";
export * from "./sandboxes.ts";
export * from "./surfaces.ts";
