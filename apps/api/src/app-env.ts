import type { ApiKeyRecord, Deps, Logger } from "@herald/core";

/** What each request carries through the middleware chain. */
export interface AppVariables {
  requestId: string;
  log: Logger;
  deps: Deps;
  apiKey: ApiKeyRecord;
  publicUrl: string;
  bootstrapToken: string | undefined;
  maxBodyBytes: number;
}

export interface AppEnv {
  Variables: AppVariables;
}
