import { HeraldError } from "@herald/core";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";

/** Reads a JSON body, rejecting bodies over the limit (413) and malformed JSON (400). */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const limit = c.var.maxBodyBytes;
  const declared = Number(c.req.header("content-length") ?? "0");
  const tooLarge = () =>
    new HeraldError("PAYLOAD_TOO_LARGE", `request body exceeds the limit of ${limit} bytes; send a smaller body`);
  if (declared > limit) {
    throw tooLarge();
  }
  const raw = await c.req.arrayBuffer();
  if (raw.byteLength > limit) {
    throw tooLarge();
  }
  const text = new TextDecoder().decode(raw);
  if (text.trim() === "") {
    throw new HeraldError("MALFORMED_JSON", "request body is empty; send a JSON object");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HeraldError("MALFORMED_JSON", `request body is not valid JSON: ${(error as Error).message}`);
  }
}
