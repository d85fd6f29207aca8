import { describe, expect, it } from "vitest";
import { renderTemplate, type RenderOptions, type TemplateView } from "./render.ts";
import { TemplateSyntaxError } from "./variables.ts";

const TEXT: RenderOptions = { escape: "none" };
const HTML: RenderOptions = { escape: "html" };

function view(profile: Record<string, unknown>, context: Record<string, unknown>): TemplateView {
  return { profile, context };
}

function render(template: string, data: TemplateView, options: RenderOptions = TEXT) {
  return renderTemplate(template, data, options);
}

describe("renderTemplate key resolution", () => {
  it("renders flat dotted keys", () => {
    const context = { "PRODUCT.TITLE": "Sample Shoe", "PRODUCT.BRAND": "Acme" };
    const template = "{{context.PRODUCT.TITLE}} - {{context.PRODUCT.BRAND}}";
    const result = render(template, view({}, context));
    expect(result.output).toBe("Sample Shoe - Acme");
    expect(result.missing).toEqual([]);
  });

  it("renders array index paths", () => {
    const result = render("{{context.items.0.name}}", view({}, { items: [{ name: "Widget" }] }));
    expect(result.output).toBe("Widget");
  });

  it("renders hyphenated keys", () => {
    const result = render("{{profile.first-name}}", view({ "first-name": "Sam" }, {}));
    expect(result.output).toBe("Sam");
  });

  it("renders nested keys", () => {
    const profile = { person: { name: { firstName: "Jane" } } };
    const result = render("{{profile.person.name.firstName}}", view(profile, {}));
    expect(result.output).toBe("Jane");
  });

  it("prefers full flat key over nesting", () => {
    const context = { "a.b": "flat", a: { b: "nested" } };
    expect(render("{{context.a.b}}", view({}, context)).output).toBe("flat");
  });

  it("uses flat key at deeper level", () => {
    const context = { order: { "line.total": "9.99" } };
    expect(render("{{context.order.line.total}}", view({}, context)).output).toBe("9.99");
  });

  it("uses longest flat prefix then nests", () => {
    const context = { "shop.product": { title: "Boot" } };
    expect(render("{{context.shop.product.title}}", view({}, context)).output).toBe("Boot");
  });

  it("falls back when longer prefix leads nowhere", () => {
    const context = { "a.b": { other: 1 }, a: { b: { c: "deep" } } };
    expect(render("{{context.a.b.c}}", view({}, context)).output).toBe("deep");
  });

  it("ignores inherited properties", () => {
    const result = render("{{context.constructor}}", view({}, {}));
    expect(result.missing).toEqual(["context.constructor"]);
  });

  it("renders numbers as JSON text", () => {
    expect(render("{{context.n}}", view({}, { n: 42.5 })).output).toBe("42.5");
  });

  it("renders zero", () => {
    expect(render("{{context.n}}", view({}, { n: 0 })).output).toBe("0");
  });

  it("renders booleans as JSON text", () => {
    expect(render("{{context.a}} {{context.b}}", view({}, { a: true, b: false })).output).toBe(
      "true false",
    );
  });

  it("renders objects as JSON", () => {
    const result = render("{{context.item}}", view({}, { item: { id: 1 } }));
    expect(result.output).toBe('{"id":1}');
  });

  it("only reaches profile and context at root", () => {
    const data = { profile: {}, context: {}, secret: "x" } as TemplateView;
    expect(render("{{secret}}", data).missing).toEqual(["secret"]);
  });
});

describe("renderTemplate missing values", () => {
  const template = "Hi {{profile.firstName}}, your code is {{context.code}}";

  it("reports missing profile variable", () => {
    const result = render(template, view({}, { code: "1234" }));
    expect(result.missing).toEqual(["profile.firstName"]);
  });

  it("does not render missing as blank", () => {
    const result = render(template, view({}, { code: "1234" }));
    expect(result.output).not.toBe("Hi , your code is 1234");
  });

  it("keeps tag source for missing value", () => {
    const result = render(template, view({}, { code: "1234" }));
    expect(result.output).toBe("Hi {{profile.firstName}}, your code is 1234");
  });

  it("reports every missing path once", () => {
    const result = render("{{context.a}}{{profile.b}}{{context.a}}", view({}, {}));
    expect(result.missing).toEqual(["context.a", "profile.b"]);
  });

  it("reports unresolved dotted paths", () => {
    const context = { PRODUCT: { NAME: "x" } };
    const result = render("{{context.PRODUCT.TITLE}}", view({}, context));
    expect(result.missing).toEqual(["context.PRODUCT.TITLE"]);
  });

  it("reports missing array index", () => {
    const result = render("{{context.items.3.name}}", view({}, { items: [{ name: "A" }] }));
    expect(result.missing).toEqual(["context.items.3.name"]);
  });

  it("reports missing triple-brace value", () => {
    expect(render("{{{context.url}}}", view({}, {})).missing).toEqual(["context.url"]);
  });

  it("treats null as missing", () => {
    expect(render("{{context.code}}", view({}, { code: null })).missing).toEqual(["context.code"]);
  });

  it("treats empty string as present", () => {
    const result = render("[{{context.code}}]", view({}, { code: "" }));
    expect(result.output).toBe("[]");
    expect(result.missing).toEqual([]);
  });

  it("uses default for missing value", () => {
    const options = { escape: "none" as const, defaults: { "profile.firstName": "there" } };
    const result = render(template, view({}, { code: "1234" }), options);
    expect(result.output).toBe("Hi there, your code is 1234");
    expect(result.missing).toEqual([]);
  });

  it("uses default for null value", () => {
    const options = { escape: "none" as const, defaults: { "context.code": "0000" } };
    expect(render("{{context.code}}", view({}, { code: null }), options).output).toBe("0000");
  });

  it("prefers present value over default", () => {
    const options = { escape: "none" as const, defaults: { "profile.firstName": "there" } };
    const result = render(template, view({ firstName: "Jane" }, { code: "1234" }), options);
    expect(result.output).toBe("Hi Jane, your code is 1234");
  });

  it("prefers empty string over default", () => {
    const options = { escape: "none" as const, defaults: { "context.code": "0000" } };
    expect(render("[{{context.code}}]", view({}, { code: "" }), options).output).toBe("[]");
  });

  it("escapes default in HTML", () => {
    const options = { escape: "html" as const, defaults: { "context.brand": "A&B" } };
    expect(render("{{context.brand}}", view({}, {}), options).output).toBe("A&amp;B");
  });

  it("counts lambdas as missing", () => {
    const result = render("{{context.fn}}", view({}, { fn: () => "x" }));
    expect(result.missing).toEqual(["context.fn"]);
  });
});

describe("renderTemplate escaping", () => {
  const url = "https://example.com/reset?token=abc123&uid=42";

  it("escapes nothing in text parts", () => {
    const result = render("Reset: {{context.resetUrl}}", view({}, { resetUrl: url }), TEXT);
    expect(result.output).toBe("Reset: https://example.com/reset?token=abc123&uid=42");
  });

  it("keeps HTML characters in text parts", () => {
    const result = render("{{context.v}}", view({}, { v: `<b>"O'Neil" & co</b>` }), TEXT);
    expect(result.output).toBe(`<b>"O'Neil" & co</b>`);
  });

  it("keeps slashes and equals in HTML", () => {
    const result = render('<a href="{{context.resetUrl}}">', view({}, { resetUrl: url }), HTML);
    expect(result.output).toBe('<a href="https://example.com/reset?token=abc123&amp;uid=42">');
  });

  it("escapes five HTML characters", () => {
    const result = render("{{context.v}}", view({}, { v: `<>&"'` }), HTML);
    expect(result.output).toBe("&lt;&gt;&amp;&quot;&#39;");
  });

  it("keeps backtick in HTML", () => {
    expect(render("{{context.v}}", view({}, { v: "`=/" }), HTML).output).toBe("`=/");
  });

  it("inserts triple brace unescaped", () => {
    const result = render("{{{context.resetUrl}}}", view({}, { resetUrl: url }), HTML);
    expect(result.output).toBe(url);
  });

  it("inserts ampersand tag unescaped", () => {
    expect(render("{{& context.v}}", view({}, { v: "<b>" }), HTML).output).toBe("<b>");
  });

  it("keeps template markup unescaped", () => {
    expect(render("<p>{{context.v}}</p>", view({}, { v: "x" }), HTML).output).toBe("<p>x</p>");
  });
});

describe("renderTemplate values as text", () => {
  it("does not render values twice", () => {
    const context = { name: "{{profile.secret}}" };
    const result = render("Hi {{context.name}}", view({ secret: "s3cret" }, context));
    expect(result.output).toBe("Hi {{profile.secret}}");
  });

  it("does not render triple-brace values twice", () => {
    const context = { name: "{{#context.x}}y{{/context.x}}" };
    const result = render("{{{context.name}}}", view({}, context), HTML);
    expect(result.output).toBe("{{#context.x}}y{{/context.x}}");
  });

  it("reports no missing from values", () => {
    const result = render("{{context.name}}", view({}, { name: "{{profile.gone}}" }));
    expect(result.missing).toEqual([]);
  });
});

describe("renderTemplate sections", () => {
  const items = [{ name: "Widget" }, { name: "Gadget" }];

  it("repeats section per array item", () => {
    const result = render("{{#context.items}}[{{name}}]{{/context.items}}", view({}, { items }));
    expect(result.output).toBe("[Widget][Gadget]");
  });

  it("reads root names inside sections", () => {
    const template = "{{#context.items}}{{name}} {{context.currency}};{{/context.items}}";
    const result = render(template, view({}, { items, currency: "EUR" }));
    expect(result.output).toBe("Widget EUR;Gadget EUR;");
  });

  it("renders implicit iterator", () => {
    const context = { tags: ["a", "b"] };
    const result = render("{{#context.tags}}{{.}},{{/context.tags}}", view({}, context));
    expect(result.output).toBe("a,b,");
  });

  it("reports missing item field with index", () => {
    const context = { items: [{ name: "A" }, {}] };
    const result = render("{{#context.items}}{{name}}{{/context.items}}", view({}, context));
    expect(result.missing).toEqual(["context.items.1.name"]);
  });

  it("reports missing root name inside section", () => {
    const template = "{{#context.items}}{{profile.firstName}}{{/context.items}}";
    expect(render(template, view({}, { items })).missing).toEqual(["profile.firstName"]);
  });

  it("pushes object section value", () => {
    const context = { order: { id: "A-1" } };
    expect(render("{{#context.order}}#{{id}}{{/context.order}}", view({}, context)).output).toBe(
      "#A-1",
    );
  });

  it("renders true section once", () => {
    const result = render("{{#context.vip}}VIP {{context.name}}{{/context.vip}}", view({}, {
      vip: true,
      name: "Sam",
    }));
    expect(result.output).toBe("VIP Sam");
  });

  it("skips false section", () => {
    expect(render("a{{#context.vip}}VIP{{/context.vip}}b", view({}, { vip: false })).output).toBe(
      "ab",
    );
  });

  it("skips empty array section", () => {
    expect(render("a{{#context.items}}x{{/context.items}}b", view({}, { items: [] })).output).toBe(
      "ab",
    );
  });

  it("treats missing section as false", () => {
    const template = "a{{#context.coupon}}{{context.coupon}}{{/context.coupon}}b";
    const result = render(template, view({}, {}));
    expect(result.output).toBe("ab");
    expect(result.missing).toEqual([]);
  });

  it("renders inverted section when missing", () => {
    const result = render("{{^context.items}}none{{/context.items}}", view({}, {}));
    expect(result.output).toBe("none");
  });

  it("renders inverted section for empty array", () => {
    expect(render("{{^context.items}}none{{/context.items}}", view({}, { items: [] })).output).toBe(
      "none",
    );
  });

  it("skips inverted section for values", () => {
    expect(render("{{^context.items}}none{{/context.items}}", view({}, { items })).output).toBe("");
  });

  it("reports missing inside inverted section", () => {
    const result = render("{{^context.vip}}{{profile.firstName}}{{/context.vip}}", view({}, {}));
    expect(result.missing).toEqual(["profile.firstName"]);
  });

  it("strips standalone section lines", () => {
    const template = "Items:\n{{#context.items}}\n- {{name}}\n{{/context.items}}\nEnd";
    expect(render(template, view({}, { items })).output).toBe("Items:\n- Widget\n- Gadget\nEnd");
  });

  it("renders comments as nothing", () => {
    expect(render("a{{! note }}b", view({}, {})).output).toBe("ab");
  });

  it("honours set-delimiter tags", () => {
    expect(render("{{=<% %>=}}<% context.a %>", view({}, { a: "x" })).output).toBe("x");
  });
});

describe("renderTemplate syntax errors", () => {
  it("rejects unclosed sections", () => {
    expect(() => render("{{#context.items}}x", view({}, {}))).toThrow(TemplateSyntaxError);
  });

  it("rejects partials", () => {
    expect(() => render("{{> footer}}", view({}, {}))).toThrow(TemplateSyntaxError);
  });
});
