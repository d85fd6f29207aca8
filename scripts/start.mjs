#!/usr/bin/env node
// Starts Herald under `wrangler dev` with local D1 and Queues, seeds a demo sandbox, surface
// and live campaign, triggers it once and prints the delivered message.
// `--exit` stops the server after the demo instead of leaving it running.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 8787);
const baseUrl = `http://127.0.0.1:${port}`;
const exitAfterDemo = process.argv.includes("--exit");
// Folder for local D1, Queues and the demo key; tests point it at a temporary folder.
const stateDir = process.env.HERALD_STATE_DIR ?? join(root, ".wrangler", "state");
const wrangler = join(root, "node_modules", ".bin", "wrangler");
const env = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

function bootstrapToken() {
  const file = join(root, ".dev.vars");
  if (!existsSync(file)) {
    const token = randomBytes(24).toString("base64url");
    writeFileSync(file, `HERALD_BOOTSTRAP_TOKEN=${token}\n`);
  }
  const match = /^HERALD_BOOTSTRAP_TOKEN=(.+)$/m.exec(readFileSync(file, "utf8"));
  if (!match) {
    throw new Error(".dev.vars has no HERALD_BOOTSTRAP_TOKEN line; add one or delete the file");
  }
  return match[1].trim();
}

async function call(method, path, { key, body } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function expectStatus(promise, status, what) {
  const result = await promise;
  if (result.status !== status) {
    throw new Error(`${what} failed with ${result.status}: ${JSON.stringify(result.body)}`);
  }
  return result.body;
}

async function waitForServer(child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Herald did not respond on ${baseUrl}/health within 60 s`);
}

async function seedDemo(token) {
  const stateFile = join(stateDir, "herald-demo.json");
  if (existsSync(stateFile)) {
    const state = JSON.parse(readFileSync(stateFile, "utf8"));
    const check = await call("GET", `/v1/campaigns/${state.campaignId}`, { key: state.apiKey });
    if (check.status === 200 && check.body.status === "live") {
      return state;
    }
  }
  const name = `demo-${randomBytes(3).toString("hex")}`;
  const sandbox = await expectStatus(
    fetch(`${baseUrl}/v1/sandboxes`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ name }),
    }).then(async (response) => ({ status: response.status, body: await response.json() })),
    201,
    "creating the demo sandbox",
  );
  const key = sandbox.apiKey;
  const surface = await expectStatus(
    call("POST", "/v1/surfaces", {
      key,
      body: {
        channel: "email",
        name: "Demo email",
        provider: "outbox",
        fromAddress: "noreply@example.com",
        fromName: "Herald demo",
      },
    }),
    201,
    "creating the demo surface",
  );
  const campaign = await expectStatus(
    call("POST", "/v1/campaigns", {
      key,
      body: {
        channel: "email",
        title: "Password reset",
        surfaceId: surface.id,
        createProfiles: true,
        content: {
          subject: "Reset your password, {{profile.person.name.firstName}}",
          text: "Hi {{profile.person.name.firstName}},\nreset your password here: {{context.resetUrl}}",
          html: '<p>Hi {{profile.person.name.firstName}},</p><p><a href="{{context.resetUrl}}">Reset your password</a></p>',
        },
      },
    }),
    201,
    "creating the demo campaign",
  );
  await expectStatus(call("POST", `/v1/campaigns/${campaign.id}/activate`, { key }), 200, "activating the demo campaign");
  const state = { sandbox: name, apiKey: key, surfaceId: surface.id, campaignId: campaign.id };
  mkdirSync(dirname(stateFile), { recursive: true });
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  return state;
}

async function triggerDemo(state) {
  const body = {
    requestId: `demo-${Date.now()}`,
    campaignId: state.campaignId,
    recipients: [
      {
        type: "aep",
        userId: "jane@example.com",
        namespace: "email",
        profile: { person: { name: { firstName: "Jane" } } },
        context: { resetUrl: "https://example.com/reset?token=abc&uid=42" },
      },
    ],
  };
  console.log("\nTriggering the demo campaign:\n");
  console.log(
    `curl -X POST ${baseUrl}/ajo/im/executions/unitary \\\n  -H 'Authorization: Bearer ${state.apiKey}' \\\n  -H 'Content-Type: application/json' \\\n  -d '${JSON.stringify(body)}'\n`,
  );
  const started = Date.now();
  const accepted = await expectStatus(call("POST", "/ajo/im/executions/unitary", { key: state.apiKey, body }), 202, "triggering");
  console.log(`202 Accepted: ${JSON.stringify(accepted)}\n`);
  const deadline = Date.now() + 10_000;
  let execution;
  do {
    await new Promise((resolve) => setTimeout(resolve, 200));
    execution = await expectStatus(call("GET", `/ajo/im/executions/${accepted.executionId}`, { key: state.apiKey }), 200, "reading the execution");
  } while (execution.recipients[0].status !== "sent" && execution.recipients[0].status !== "failed" && Date.now() < deadline);
  const recipient = execution.recipients[0];
  const elapsed = Date.now() - started;
  console.log(`Recipient ${recipient.userId}: ${recipient.status} after ${elapsed} ms${recipient.reason ? ` (${recipient.reason})` : ""}`);
  const message = await expectStatus(call("GET", `/v1/messages/${recipient.messageId}`, { key: state.apiKey }), 200, "reading the message");
  if (message.rendered) {
    console.log(`\nDelivered to the outbox:\n  To:      ${message.rendered.to.address}\n  Subject: ${message.rendered.subject}\n  Text:    ${message.rendered.text.replaceAll("\n", "\n           ")}\n`);
  }
  console.log(`Status:   curl -H 'Authorization: Bearer ${state.apiKey}' ${baseUrl}/ajo/im/executions/${accepted.executionId}`);
  console.log(`Message:  curl -H 'Authorization: Bearer ${state.apiKey}' ${baseUrl}/v1/messages/${recipient.messageId}`);
  return recipient.status === "sent";
}

const token = bootstrapToken();
const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], { cwd: root, env, stdio: "inherit" });
if (migrate.status !== 0) {
  process.exit(migrate.status ?? 1);
}
const server = spawn(wrangler, ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", stateDir], {
  cwd: root,
  env,
  stdio: ["ignore", "inherit", "inherit"],
});
const stop = () => {
  if (server.exitCode === null) {
    server.kill("SIGTERM");
  }
};
process.on("SIGINT", () => {
  stop();
  process.exit(130);
});
process.on("SIGTERM", () => {
  stop();
  process.exit(143);
});

try {
  await waitForServer(server);
  const state = await seedDemo(token);
  const sent = await triggerDemo(state);
  if (exitAfterDemo) {
    stop();
    process.exit(sent ? 0 : 1);
  }
  console.log(`\nHerald is running at ${baseUrl}; the demo API key is in ${join(stateDir, "herald-demo.json")}. Press Ctrl-C to stop.`);
  console.log(`Console: ${baseUrl}/console/ (sign in with the demo API key)`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  stop();
  process.exit(1);
}
