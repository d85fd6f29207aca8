import { HeraldError, type Scope, authenticate, requireScope } from "@herald/core";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { enforceRateLimit } from "./rate-limit.ts";

function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export const REQUIRED_SCOPE = Symbol("herald.requiredScope");

/** Returns the scope a `requireKey` middleware demands, so tests can find every guarded route. */
export function requiredScopeOf(handler: unknown): Scope | undefined {
  return typeof handler === "function" ? (handler as { [REQUIRED_SCOPE]?: Scope })[REQUIRED_SCOPE] : undefined;
}

/**
 * Authenticates `Authorization: Bearer <api key>` and checks the scope. An `x-sandbox-name`
 * header, which AJO clients send, must name the key's own sandbox.
 */
export function requireKey(scope: Scope): MiddlewareHandler<AppEnv> {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const { store, sha256Hex } = c.var.deps;
    const key = await authenticate(store, bearerToken(c.req.header("authorization")), sha256Hex);
    const sandboxName = c.req.header("x-sandbox-name");
    if (sandboxName !== undefined && sandboxName !== key.sandboxName) {
      throw new HeraldError(
        "SANDBOX_MISMATCH",
        `x-sandbox-name ${sandboxName} does not match this API key's sandbox; send ${key.sandboxName} or omit the header`,
      );
    }
    requireScope(key, scope);
    c.set("apiKey", key);
    await enforceRateLimit(c, key);
    await next();
  };
  return Object.assign(middleware, { [REQUIRED_SCOPE]: scope });
}
