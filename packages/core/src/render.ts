import { parseTemplate, type TemplateToken } from "./variables.ts";

/** The data a template renders against: `{{profile.…}}` and `{{context.…}}`. */
export interface TemplateView {
  profile: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** Options for rendering one content part. */
export interface RenderOptions {
  /** Escaping for `{{name}}` tags: `html` escapes `& < > " '`, and `none` escapes nothing. */
  escape: "html" | "none";
  /** Default text per variable path, such as `profile.firstName`, for values that are missing. */
  defaults?: Record<string, string>;
}

/** The rendered text and every variable path that had no value and no default. */
export interface RenderResult {
  output: string;
  missing: string[];
}

/** One level of the context stack: the root view, or the current item of a section. */
interface Frame {
  value: unknown;
  /** The value's path from the root, such as `context.items.0`, or "" for the root. */
  path: string;
}

interface RenderState {
  template: string;
  options: RenderOptions;
  missing: Set<string>;
}

type Lookup = { found: true; value: unknown; path: string } | { found: false; path: string };

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Renders a mustache template against a profile and context.
 *
 * Differences from plain mustache:
 * - A key containing dots matches before nesting: `context.PRODUCT.TITLE` reads the flat key
 *   `"PRODUCT.TITLE"` when it exists, trying the longest dotted prefix first at each level.
 * - A variable tag whose value is missing or null is not rendered as blank. Its path is added to
 *   `missing`, unless `options.defaults` has that path, and the tag's own source text stays in
 *   the output so a preview shows the gap. A caller must not send output with missing paths.
 * - `escape: "html"` escapes only `& < > " '`, so `/` and `=` in URLs survive.
 * - Inserted values are text and are never rendered as templates again.
 *
 * A section over a missing path renders as false rather than reporting it, because optional
 * blocks such as `{{#context.coupon}}…{{/context.coupon}}` are what sections are for.
 * Lambdas are not supported: a function value counts as missing.
 *
 * @throws TemplateSyntaxError when the template is not valid mustache or uses partials.
 */
export function renderTemplate(
  template: string,
  view: TemplateView,
  options: RenderOptions,
): RenderResult {
  const tokens = parseTemplate(template);
  const state: RenderState = { template, options, missing: new Set() };
  const root: Frame = { value: { profile: view.profile, context: view.context }, path: "" };
  const output = renderTokens(tokens, [root], state);
  return { output, missing: [...state.missing] };
}

function renderTokens(tokens: readonly TemplateToken[], frames: Frame[], state: RenderState) {
  let output = "";
  for (const token of tokens) {
    output += renderToken(token, frames, state);
  }
  return output;
}

function renderToken(token: TemplateToken, frames: Frame[], state: RenderState): string {
  switch (token[0]) {
    case "text":
      return token[1];
    case "name":
      return renderVariable(token, frames, state, state.options.escape === "html");
    case "&":
      return renderVariable(token, frames, state, false);
    case "#":
      return renderSection(token[1], token[4], frames, state);
    case "^":
      return renderInvertedSection(token[1], token[4], frames, state);
    default:
      // Comments and set-delimiter tags produce no output, and parseTemplate rejects partials.
      return "";
  }
}

function renderVariable(
  token: TemplateToken,
  frames: Frame[],
  state: RenderState,
  escape: boolean,
): string {
  const [, name, start, end] = token;
  const lookup = lookupName(name, frames, state.options);
  const text = lookup.found ? toText(lookup.value) : state.template.slice(start, end);
  if (!lookup.found) {
    state.missing.add(lookup.path);
  }
  return escape ? escapeHtml(text) : text;
}

/** Renders a section the way mustache does: once per array item, once with an object or other
 * truthy value pushed as the current item, once with the same context for `true`. */
function renderSection(
  name: string,
  children: TemplateToken[],
  frames: Frame[],
  state: RenderState,
): string {
  const lookup = lookupName(name, frames, state.options);
  const value = lookup.found ? lookup.value : undefined;
  if (Array.isArray(value)) {
    let output = "";
    value.forEach((item: unknown, index) => {
      const frame = { value: item, path: `${lookup.path}.${index}` };
      output += renderTokens(children, [...frames, frame], state);
    });
    return output;
  }
  if (!value) {
    return "";
  }
  if (value === true) {
    return renderTokens(children, frames, state);
  }
  return renderTokens(children, [...frames, { value, path: lookup.path }], state);
}

function renderInvertedSection(
  name: string,
  children: TemplateToken[],
  frames: Frame[],
  state: RenderState,
): string {
  const lookup = lookupName(name, frames, state.options);
  const value = lookup.found ? lookup.value : undefined;
  const empty = !value || (Array.isArray(value) && value.length === 0);
  return empty ? renderTokens(children, frames, state) : "";
}

function lookupName(name: string, frames: Frame[], options: RenderOptions): Lookup {
  const lookup = resolveName(name, frames);
  if (lookup.found) {
    return lookup;
  }
  const defaults = options.defaults;
  if (defaults && Object.hasOwn(defaults, lookup.path)) {
    return { found: true, value: defaults[lookup.path], path: lookup.path };
  }
  return lookup;
}

/**
 * Resolves a tag name against the context stack. As in the mustache spec, the first frame (from
 * the innermost) that has the name's first key is the only one searched for the rest of it.
 */
function resolveName(name: string, frames: readonly Frame[]): Lookup {
  const innermost = frames[frames.length - 1] ?? { value: undefined, path: "" };
  if (name === ".") {
    const path = innermost.path || ".";
    return isPresent(innermost.value)
      ? { found: true, value: innermost.value, path }
      : { found: false, path };
  }
  const keys = name.split(".");
  for (let index = frames.length - 1; index >= 0; index--) {
    const frame = frames[index];
    if (frame && hasFirstKey(frame.value, keys)) {
      const value = resolvePath(frame.value, keys);
      const path = joinPath(frame.path, name);
      return isPresent(value) ? { found: true, value, path } : { found: false, path };
    }
  }
  return { found: false, path: joinPath(innermost.path, name) };
}

function hasFirstKey(value: unknown, keys: readonly string[]): boolean {
  if (!isContainer(value)) {
    return false;
  }
  for (let length = 1; length <= keys.length; length++) {
    if (Object.hasOwn(value, keys.slice(0, length).join("."))) {
      return true;
    }
  }
  return false;
}

/**
 * Follows `keys` from `value`, preferring at each level the longest run of keys that, joined with
 * dots, is an own property, and falling back to shorter runs when the longer one leads nowhere.
 * Each attempt descends into a different property, so for JSON data (a tree without shared
 * references) the work is bounded by the number of values in it.
 */
function resolvePath(value: unknown, keys: readonly string[]): unknown {
  if (keys.length === 0) {
    return value;
  }
  if (!isContainer(value)) {
    return undefined;
  }
  for (let length = keys.length; length >= 1; length--) {
    const key = keys.slice(0, length).join(".");
    if (!Object.hasOwn(value, key)) {
      continue;
    }
    const resolved = resolvePath(value[key], keys.slice(length));
    if (isPresent(resolved)) {
      return resolved;
    }
  }
  return undefined;
}

function isContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Returns whether a value renders. Null, undefined and lambdas count as missing, "" does not. */
function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && typeof value !== "function";
}

/** Converts a value to text: strings as they are, numbers and booleans as `String()` gives
 * (their JSON text when finite), and objects and arrays as JSON. */
function toText(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (isContainer(value)) {
    return JSON.stringify(value);
  }
  return String(value);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

function joinPath(base: string, name: string): string {
  return base === "" ? name : `${base}.${name}`;
}
