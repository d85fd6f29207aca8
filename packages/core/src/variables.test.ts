import { describe, expect, it } from "vitest";
import { checkVariablePaths, extractVariables, TemplateSyntaxError } from "./variables.ts";

function syntaxError(template: string): TemplateSyntaxError {
  try {
    extractVariables(template);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(template)}`);
}

describe("extractVariables", () => {
  it("lists profile and context paths", () => {
    const template = "Hi {{profile.firstName}}, your code is {{context.code}}";
    expect(extractVariables(template)).toEqual(["context.code", "profile.firstName"]);
  });

  it("sorts and deduplicates", () => {
    const template = "{{context.b}} {{context.a}} {{context.b}}";
    expect(extractVariables(template)).toEqual(["context.a", "context.b"]);
  });

  it("includes triple-brace and ampersand tags", () => {
    expect(extractVariables("{{{context.url}}} {{& context.html}}")).toEqual([
      "context.html",
      "context.url",
    ]);
  });

  it("includes section path only", () => {
    const template = "{{#context.items}}{{name}}{{/context.items}}";
    expect(extractVariables(template)).toEqual(["context.items"]);
  });

  it("includes root paths inside sections", () => {
    const template = "{{#context.items}}{{name}} {{context.currency}}{{/context.items}}";
    expect(extractVariables(template)).toEqual(["context.currency", "context.items"]);
  });

  it("includes inverted section paths", () => {
    expect(extractVariables("{{^context.items}}none{{/context.items}}")).toEqual([
      "context.items",
    ]);
  });

  it("includes names inside inverted sections", () => {
    const template = "{{^context.vip}}{{profile.firstName}}{{/context.vip}}";
    expect(extractVariables(template)).toEqual(["context.vip", "profile.firstName"]);
  });

  it("includes nested section paths", () => {
    const template =
      "{{#context.a}}{{#context.b}}x{{/context.b}}{{#inner}}{{/inner}}{{/context.a}}";
    expect(extractVariables(template)).toEqual(["context.a", "context.b"]);
  });

  it("keeps root names without prefix", () => {
    expect(extractVariables("{{firstName}}")).toEqual(["firstName"]);
  });

  it("keeps dotted and hyphenated names", () => {
    expect(extractVariables("{{context.PRODUCT.TITLE}} {{profile.first-name}}")).toEqual([
      "context.PRODUCT.TITLE",
      "profile.first-name",
    ]);
  });

  it("ignores comments", () => {
    expect(extractVariables("{{! context.hidden }}x")).toEqual([]);
  });

  it("returns nothing for plain text", () => {
    expect(extractVariables("Hello")).toEqual([]);
  });

  it("returns nothing for empty template", () => {
    expect(extractVariables("")).toEqual([]);
  });

  it("follows set-delimiter tags", () => {
    expect(extractVariables("{{=<% %>=}}<% context.a %>")).toEqual(["context.a"]);
  });
});

describe("extractVariables syntax errors", () => {
  it("reports unclosed tag", () => {
    const error = syntaxError("Hi {{profile.firstName");
    expect(error.message).toMatch(/^Unclosed tag/);
    expect(error.line).toBe(1);
    expect(error.column).toBe(23);
  });

  it("reports tag swallowed by an unclosed one", () => {
    const error = syntaxError("Hi {{profile.firstName {{context.code}}");
    expect(error.message).toMatch(/^Unclosed tag/);
    expect(error.column).toBe(4);
  });

  it("reports unopened section position", () => {
    const error = syntaxError("line one\n  {{/context.items}}");
    expect(error.message).toContain("{{/context.items}}");
    expect(error.line).toBe(2);
    expect(error.column).toBe(3);
  });

  it("reports mismatched closing tag", () => {
    const error = syntaxError("{{#context.a}}\nx {{/context.b}}");
    expect(error.message).toContain('Section "context.a" is not closed');
    expect(error.line).toBe(2);
    expect(error.column).toBe(3);
  });

  it("reports section left open", () => {
    const error = syntaxError("{{#context.a}}\nxy");
    expect(error.message).toContain("{{/context.a}}");
    expect(error.line).toBe(2);
    expect(error.column).toBe(3);
  });

  it("rejects partials", () => {
    const error = syntaxError("a\n{{> footer}}");
    expect(error.message).toMatch(/^Partials are not supported/);
    expect(error.line).toBe(2);
    expect(error.column).toBe(1);
  });

  it("rejects partials inside sections", () => {
    expect(syntaxError("{{#context.a}}{{> footer}}{{/context.a}}").column).toBe(15);
  });

  it("rejects empty tags", () => {
    expect(syntaxError("a {{ }}").message).toMatch(/^Empty tag/);
  });

  it("rejects invalid set-delimiter tags", () => {
    expect(syntaxError("x {{=<% =}}").message).toMatch(/^Invalid set-delimiter tag/);
  });

  it("places invalid set-delimiter tag", () => {
    expect(syntaxError("x {{=<% =}}").column).toBe(3);
  });

  it("keeps position out of message", () => {
    expect(syntaxError("{{#context.a}}").message).not.toContain("line");
  });

  it("is an Error", () => {
    expect(syntaxError("{{/a}}")).toBeInstanceOf(Error);
  });
});

describe("checkVariablePaths", () => {
  it("accepts profile and context paths", () => {
    expect(checkVariablePaths(["profile.firstName", "context.code"])).toEqual([]);
  });

  it("rejects paths outside profile and context", () => {
    const problems = checkVariablePaths(["firstName"]);
    expect(problems.map((problem) => problem.code)).toEqual(["INVALID_VARIABLE_ROOT"]);
  });

  it("rejects bare root names", () => {
    const problems = checkVariablePaths(["profile", "context", "profile.", "."]);
    expect(problems).toHaveLength(4);
  });

  it("rejects prefix-like roots", () => {
    expect(checkVariablePaths(["profiles.name", "contextual.a"])).toHaveLength(2);
  });

  it("rejects context.system", () => {
    const problems = checkVariablePaths(["context.system"]);
    expect(problems.map((problem) => problem.code)).toEqual(["RESERVED_VARIABLE"]);
  });

  it("rejects paths under context.system", () => {
    const problems = checkVariablePaths(["context.system.flag"]);
    expect(problems.map((problem) => problem.code)).toEqual(["RESERVED_VARIABLE"]);
  });

  it("accepts names starting with system", () => {
    expect(checkVariablePaths(["context.systemName", "profile.system"])).toEqual([]);
  });

  it("lists every problem", () => {
    const problems = checkVariablePaths(["a", "context.ok", "context.system", "b"]);
    expect(problems.map((problem) => problem.path)).toEqual(["a", "context.system", "b"]);
  });

  it("names the path in the message", () => {
    const [problem] = checkVariablePaths(["context.system.x"]);
    expect(problem?.message).toContain('"context.system.x"');
  });
});
