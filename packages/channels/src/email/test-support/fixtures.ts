import type { OutgoingMessage, RenderedEmail } from "@herald/core";

export function renderedEmail(overrides: Partial<RenderedEmail> = {}): RenderedEmail {
  return {
    channel: "email",
    from: { address: "sender@example.com", name: "Herald Team" },
    to: { address: "jane@example.com", name: "Jane Doe" },
    subject: "Reset your password",
    text: "Hello Jane,\nopen https://example.com/reset?token=abc&uid=42\n",
    html: '<html><body><p>Hello Jane,</p><a href="https://example.com/reset">Reset</a></body></html>',
    ...overrides,
  };
}

export function outgoingEmail(
  overrides: Partial<RenderedEmail> = {},
  messageId = "msg_01JABCDEF",
): OutgoingMessage {
  return { messageId, rendered: renderedEmail(overrides) };
}
