/** What a trigger call sends: one campaign, `recipients` users taken in turn from a pool. */
export interface TriggerSpec {
  apiKey: string;
  campaignId: string;
  recipients: number;
  /** The number of distinct users calls draw from, so most calls find existing profiles. */
  pool: number;
}

/** One load run, as the parent process hands it to the load generator. */
export interface LoadSpec {
  label: string;
  url: string;
  path: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Requests per second across all connections; unset means as fast as the server answers. */
  rate?: number;
  /** Absent for the bare route. */
  trigger?: TriggerSpec;
  /** A file that receives the execution id of every accepted call, one per line. */
  acceptedFile?: string;
}

export interface LoadResult {
  label: string;
  seconds: number;
  elapsedSeconds: number;
  requests: number;
  ok: number;
  accepted: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** 2xx responses per second. */
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; mean: number; max: number };
}
