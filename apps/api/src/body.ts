import { HeraldError } from "@herald/core";
import type { Context } from "hono";
import type { AppEnv } from "./app-env.ts";
import { checkJsonShape } from "./json-shape.ts";

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
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(raw);
  } catch {
    throw new HeraldError("MALFORMED_JSON", "request body is not valid UTF-8; send JSON encoded as UTF-8");
  }
  if (text.trim() === "") {
    throw new HeraldError("MALFORMED_JSON", "request body is empty; send a JSON object");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HeraldError("MALFORMED_JSON", `request body is not valid JSON: ${(error as Error).message}`);
  }
  checkJsonShape(body);
  return body;
}
