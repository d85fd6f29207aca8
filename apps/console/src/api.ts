import { apiKey, signOut } from "./session.ts";

/** One located problem from the error envelope, such as `{ path: "content.subject", … }`. */
export interface ProblemDetail {
  path: string;
  message: string;
  code?: string;
}

/** A non-2xx response, read from Herald's error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ProblemDetail[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: ProblemDetail[] } };
    const error = body.error ?? {};
    return new ApiError(response.status, error.code ?? "UNKNOWN", error.message ?? response.statusText, error.details ?? []);
  } catch {
    return new ApiError(response.status, "UNKNOWN", `${response.status} ${response.statusText}`, []);
  }
}

/**
 * Calls the Herald API of this origin with the tab's API key. A 401 signs the tab out and
 * returns to the sign-in page.
 */
export async function call<T>(method: string, path: string, body?: unknown, key = apiKey()): Promise<T> {
  const headers: Record<string, string> = {};
  if (key) {
    headers.authorization = `Bearer ${key}`;
  }
  if (body !== undefined) {
    headers["content-type"] = "application/json";
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && key === apiKey()) {
      signOut();
      location.hash = "#/sign-in";
    }
    throw error;
  }
  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

/** Builds a query string from the set values of `params`. */
export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") {
      search.set(name, value);
    }
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}
