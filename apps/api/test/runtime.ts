/**
 * The app under test and its database, as each test project provides them: the workerd pool
 * through `SELF` and D1, the Node server project over HTTP and its libSQL file. Helpers reach
 * the app only through this, so route tests run unchanged against both runtimes.
 */
export interface TestRuntime {
  fetch(request: Request): Promise<Response>;
  /** Runs a SQL query against the app's database and returns its first row, or null. */
  first(sql: string, params: unknown[]): Promise<Record<string, unknown> | null>;
  /** Runs a SQL query against the app's database and returns every row. */
  all(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  /** The test peer that collects reported figures, when the project runs one. */
  figuresUrl?: string;
}

let current: TestRuntime | undefined;

/** Sets the runtime for the test file; each project's setup file calls it. */
export function useTestRuntime(runtime: TestRuntime): void {
  current = runtime;
}

export function testRuntime(): TestRuntime {
  if (current === undefined) {
    throw new Error("no test runtime is set; the project's setup file must call useTestRuntime");
  }
  return current;
}
