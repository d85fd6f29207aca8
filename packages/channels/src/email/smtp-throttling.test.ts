import { afterEach, describe, expect, it } from "vitest";
import { type HeraldFixture, startHeraldFixture } from "../test-support/herald-fixture.ts";
import {
  ACCEPTED_BEFORE_THROTTLE,
  RUN_QUEUE,
  RUN_TIMEOUT_MS,
  RUN_TOTAL,
  countByStatus,
  runCampaign,
} from "../test-support/throttled-run.ts";
import { formatMessageId } from "./mime.ts";
import { type ThrottledSmtpServer, startThrottledSmtpServer } from "./test-support/throttled-smtp-server.ts";

const SMTP_PASSWORD = "smtp-password-9f2c";
let fixture: HeraldFixture;
let server: ThrottledSmtpServer;

afterEach(async () => {
  await fixture.close();
  await server.close();
});

describe("SMTP throttling mid-run", () => {
  it("sends all 1,450 through 454 replies", async () => {
    server = await startThrottledSmtpServer(ACCEPTED_BEFORE_THROTTLE, 300, { username: "herald", password: SMTP_PASSWORD });
    fixture = await startHeraldFixture({ SMTP_PASSWORD }, RUN_QUEUE);
    const surface = {
      channel: "email",
      name: "SES",
      provider: "smtp",
      fromAddress: "codes@example.com",
      smtp: {
        host: "127.0.0.1",
        port: server.port,
        security: "none",
        allowInsecureAuth: true,
        username: "herald",
        passwordSecret: "SMTP_PASSWORD",
        // A loaded CI machine can take seconds to answer; a timeout would read as an unknown outcome.
        timeoutMs: 120_000,
      },
    };

    const { ids, messages } = await runCampaign(fixture, surface, "smtp");

    const logs = fixture.log.lines.join("\n");
    expect(countByStatus(messages)).toEqual({ sent: RUN_TOTAL });
    expect(server.throttled()).toBeGreaterThan(0);
    expect(server.messageIds).toHaveLength(RUN_TOTAL);
    expect(new Set(server.messageIds)).toEqual(new Set(ids.map((id) => formatMessageId(id))));
    expect(messages.reduce((sum, message) => sum + message.attempts, 0)).toBeGreaterThan(RUN_TOTAL);
    expect(logs).toContain("message retry scheduled");
    expect(logs).not.toContain(SMTP_PASSWORD);
    expect(logs).not.toMatch(/login code is|C\d+-smtp/i);
  }, RUN_TIMEOUT_MS);
});
