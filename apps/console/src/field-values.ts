import type { Field } from "./form.ts";
import { fromLocalInput } from "./local-time.ts";
import type { FieldSpec, FieldValue } from "./spec-form.ts";

/** Reads one field's control as the API value its kind takes, or throws for text of the wrong form. */
export function readValue(spec: FieldSpec, target: Field): FieldValue {
  if (spec.kind === "choices") {
    const boxes = target.element.querySelectorAll<HTMLInputElement>("input[type=checkbox]");
    return [...boxes].filter((box) => box.checked).map((box) => box.value);
  }
  if (spec.kind === "checkbox") {
    return (target.control as HTMLInputElement).checked;
  }
  const text = target.control.value.trim();
  if (text === "") {
    return undefined;
  }
  if (spec.kind === "number") {
    const number = Number(text);
    if (!Number.isInteger(number)) {
      throw new Error("must be a whole number");
    }
    return number;
  }
  if (spec.kind === "datetime") {
    return fromLocalInput(text);
  }
  if (spec.kind === "json") {
    return parseJsonObject(text);
  }
  return spec.kind === "textarea" ? target.control.value : text;
}

/** Parses text that must be a JSON object, or throws an error that names what is wrong. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error("must be a JSON object, such as {\"name\": \"value\"}");
  }
  return parsed as Record<string, unknown>;
}

/** Turns `{ "smtp.host": "x" }` into `{ smtp: { host: "x" } }`, keeping `null` and leaving out `undefined`. */
export function nest(flat: Record<string, FieldValue | null>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(flat)) {
    if (value === undefined) {
      continue;
    }
    const keys = path.split(".");
    let node = result;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys.at(-1) as string] = value;
  }
  return result;
}
