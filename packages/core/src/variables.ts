import Mustache from "mustache";

/** The tag delimiters every template starts with, passed explicitly so a change to the global
 * `Mustache.tags` elsewhere cannot alter how Herald parses. */
const DEFAULT_TAGS: [string, string] = ["{{", "}}"];

/** One token from `Mustache.parse`: type, value, start offset and end offset in the template. */
export type TemplateToken =
  | [type: "text" | "name" | "&" | "!" | "=" | ">", value: string, start: number, end: number]
  | [
      type: "#" | "^",
      value: string,
      start: number,
      end: number,
      children: TemplateToken[],
      closeStart: number,
    ];

/**
 * A mustache syntax error, with the 1-based line and column where mustache detected it. The
 * message does not repeat the position, so callers can format it next to `line` and `column`.
 */
export class TemplateSyntaxError extends Error {
  override readonly name = "TemplateSyntaxError";
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

/** A problem with one variable path, as the campaign review lists it. */
export interface VariablePathProblem {
  path: string;
  code: "INVALID_VARIABLE_ROOT" | "RESERVED_VARIABLE";
  message: string;
}

/**
 * Parses a mustache template into tokens with mustache's own parser.
 *
 * Partials (`{{> name}}`) are rejected because Herald has no partial store, and mustache would
 * render them as blanks. Empty tags and tag names that contain `{{` are rejected too: the second
 * usually means an earlier tag was never closed.
 *
 * @throws TemplateSyntaxError when the template is not valid mustache.
 */
export function parseTemplate(template: string): TemplateToken[] {
  let tokens: TemplateToken[];
  try {
    tokens = Mustache.parse(template, DEFAULT_TAGS) as TemplateToken[];
  } catch (error) {
    throw toSyntaxError(template, error);
  }
  checkTokens(template, tokens);
  return tokens;
}

/**
 * Extracts the sorted, unique variable paths a template uses, such as `profile.firstName`.
 *
 * Section and inverted-section names are included. Inside a `{{#section}}` the names resolve
 * against each item first, so item-relative names like `{{name}}` are left out. Names inside it
 * that start with `profile.` or `context.` are kept because they resolve from the root.
 *
 * @throws TemplateSyntaxError when the template is not valid mustache.
 */
export function extractVariables(template: string): string[] {
  const paths = new Set<string>();
  collectPaths(parseTemplate(template), false, paths);
  return [...paths].sort();
}

/**
 * Checks variable paths for the campaign review and returns one problem per invalid path.
 *
 * A path must start with `profile.` or `context.`, and `context.system` with everything under it
 * is reserved, so trigger requests can never supply it.
 */
export function checkVariablePaths(paths: readonly string[]): VariablePathProblem[] {
  const problems: VariablePathProblem[] = [];
  for (const path of paths) {
    const problem = checkVariablePath(path);
    if (problem) {
      problems.push(problem);
    }
  }
  return problems;
}

function checkVariablePath(path: string): VariablePathProblem | undefined {
  if (!/^(profile|context)\.[^.]/.test(path)) {
    return {
      path,
      code: "INVALID_VARIABLE_ROOT",
      message:
        `Variable "${path}" is invalid: a send supplies only "profile" and "context", ` +
        `so name a field under one of them, such as "context.${path}".`,
    };
  }
  if (path === "context.system" || path.startsWith("context.system.")) {
    return {
      path,
      code: "RESERVED_VARIABLE",
      message: `Variable "${path}" is invalid because "context.system" is reserved, so rename it.`,
    };
  }
  return undefined;
}

function collectPaths(tokens: readonly TemplateToken[], inSection: boolean, paths: Set<string>) {
  for (const token of tokens) {
    const [type, name] = token;
    if (type !== "name" && type !== "&" && type !== "#" && type !== "^") {
      continue;
    }
    if (!inSection || /^(profile|context)\./.test(name)) {
      paths.add(name);
    }
    if (token[0] === "#") {
      collectPaths(token[4], true, paths);
    } else if (token[0] === "^") {
      // An inverted section renders with the enclosing context, so its names keep their scope.
      collectPaths(token[4], inSection, paths);
    }
  }
}

function checkTokens(template: string, tokens: readonly TemplateToken[]): void {
  for (const token of tokens) {
    const [type, name, start] = token;
    if (type === ">") {
      throw syntaxErrorAt(
        template,
        start,
        `Partials are not supported: remove {{> ${name}}} and put its content in the template.`,
      );
    }
    if (type === "name" || type === "&" || type === "#" || type === "^") {
      checkTagName(template, name, start);
    }
    if (token[0] === "#" || token[0] === "^") {
      checkTokens(template, token[4]);
    }
  }
}

function checkTagName(template: string, name: string, start: number): void {
  if (name === "") {
    throw syntaxErrorAt(template, start, "Empty tag: put a variable name between the braces.");
  }
  if (name.includes("{{")) {
    throw syntaxErrorAt(template, start, 'Unclosed tag: add "}}" to close it.');
  }
}

/** Maps mustache's `Error("… at <offset>")` messages to a TemplateSyntaxError. */
function toSyntaxError(template: string, error: unknown): unknown {
  if (!(error instanceof Error)) {
    return error;
  }
  const unclosedTag = /^Unclosed tag at (\d+)$/.exec(error.message);
  if (unclosedTag) {
    // NOTE: mustache reports the offset where it stopped looking, which is the template's end.
    const offset = Number(unclosedTag[1]);
    return syntaxErrorAt(template, offset, 'Unclosed tag: add the missing "}}".');
  }
  const unopened = /^Unopened section "(.*)" at (\d+)$/.exec(error.message);
  if (unopened) {
    const name = unopened[1] ?? "";
    return syntaxErrorAt(
      template,
      Number(unopened[2]),
      `Closing tag {{/${name}}} has no matching {{#${name}}} or {{^${name}}}, ` +
        "so add the opening tag or remove this one.",
    );
  }
  const unclosedSection = /^Unclosed section "(.*)" at (\d+)$/.exec(error.message);
  if (unclosedSection) {
    const name = unclosedSection[1] ?? "";
    return syntaxErrorAt(
      template,
      Number(unclosedSection[2]),
      `Section "${name}" is not closed: add {{/${name}}} at the end of the section.`,
    );
  }
  if (error.message.startsWith("Invalid tags")) {
    // NOTE: mustache gives no offset here, so this points at the first set-delimiter tag.
    return syntaxErrorAt(
      template,
      Math.max(template.indexOf("{{="), 0),
      "Invalid set-delimiter tag: write it as {{=<open> <close>=}}, for example {{=<% %>=}}.",
    );
  }
  return error;
}

function syntaxErrorAt(template: string, offset: number, message: string): TemplateSyntaxError {
  const { line, column } = lineAndColumn(template, offset);
  return new TemplateSyntaxError(message, line, column);
}

/** Converts a UTF-16 offset to a 1-based line and a 1-based column counted in UTF-16 units. */
function lineAndColumn(template: string, offset: number): { line: number; column: number } {
  const before = template.slice(0, offset);
  const lines = before.split("\n");
  const lastLine = lines[lines.length - 1] ?? "";
  return { line: lines.length, column: lastLine.length + 1 };
}
