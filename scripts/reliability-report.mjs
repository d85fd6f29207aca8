#!/usr/bin/env node
// Renders RELIABILITY.md from the figures the reliability tests wrote during the last test
// run (reports/reliability/figures.json). Run `npm test` first; this script only formats.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(process.env.HERALD_REPORTS_DIR ?? join(root, "reports"), "reliability", "figures.json");
const { generatedAt, figures } = JSON.parse(readFileSync(source, "utf8"));

const SECTIONS = [
  "hostileInput",
  "idempotency",
  "consumerCrash",
  "providerFaults",
  "accessMatrix",
];
const missing = SECTIONS.filter((name) => figures[name] === undefined);
if (missing.length > 0) {
  console.error(`figures missing from ${source}: ${missing.join(", ")}; run the whole api suite first`);
  process.exit(1);
}
const { hostileInput: fuzz, idempotency, consumerCrash: crash, providerFaults: faults, accessMatrix: matrix } = figures;

const page = `# Reliability

Figures from one run of the committed tests on ${generatedAt.slice(0, 10)}. Each one is
measured by a test that fails when the property it shows breaks, and is written to
\`reports/reliability/figures.json\` by the test itself. To reproduce them:

\`\`\`sh
npm test && node scripts/reliability-report.mjs
\`\`\`

The run uses workerd with local D1 and Queues, and real peers on 127.0.0.1 (an SMTP server
with fault modes). It says nothing about production latency or throughput.

## Hostile input

| figure | value |
|---|---|
| malformed and hostile requests sent | ${fuzz.requests} |
| responses with a 5xx status | ${fuzz.serverErrors} |
| error responses without the error envelope | ${fuzz.badEnvelopes} |

fast-check builds trigger bodies close to valid ones with hostile fields, raw and binary
bodies, odd content types and idempotency keys, and requests to every management resource
with random paths, queries, methods and bodies
(\`apps/api/src/hostile-input.security.test.ts\`). Values full of \`{{…}}\` tags are shown to
come out as text, rendered once.

## Idempotency

| figure | value |
|---|---|
| concurrent identical trigger calls | ${idempotency.concurrentCalls} |
| executions created | ${idempotency.executionsCreated} |
| recipients per call | ${idempotency.recipients} |
| messages created | ${idempotency.messagesCreated} |
| provider send attempts | ${idempotency.sendAttempts} |
| calls answered with the replayed response | ${idempotency.replayed} |
| calls answered 409 in flight, with Retry-After | ${idempotency.inFlight} |

(\`apps/api/src/routes/executions.idempotency.test.ts\`)

## Queue consumer killed halfway through a batch

| figure | value |
|---|---|
| messages in the batch | ${crash.messages} |
| acked before the consumer died | ${crash.ackedBeforeCrash} |
| sent after the whole batch came back | ${crash.sent} |
| lost | ${crash.lost} |
| delivered twice | ${crash.duplicated} |

(\`apps/api/src/queue/delivery-consumer.test.ts\`, against the SMTP peer, which does not
deduplicate.)

## Provider faults

| figure | value |
|---|---|
| messages sent under injected faults | ${faults.messages} |
| ended sent | ${faults.sent} |
| ended failed, with the reason | ${faults.failed} |
| ended unknown (timeout after the server took the message) | ${faults.unknown} |
| lost | ${faults.lost} |
| delivered twice | ${faults.duplicated} |

The SMTP peer throttles with 454 (as an HTTP 429), answers 451 (as an HTTP 500), answers
slowly, rejects with 550, and keeps a message without answering the final dot (a timeout
after send). A separate test points a surface at a closed port and shows the message
failed through the dead-letter queue after its last retry
(\`apps/api/src/delivery-faults.test.ts\`).

## Access matrix

| figure | value |
|---|---|
| routes the app serves | ${matrix.routes} |
| routes that need an API key | ${matrix.guardedRoutes} |
| cases run (no key, revoked key, missing scope, other x-sandbox-name, other sandbox) | ${matrix.cases} |
| failures | ${matrix.failures} |

The matrix reads the routes from the app, so a new route joins it without a change to the
test (\`apps/api/src/access-matrix.security.test.ts\`).
`;
writeFileSync(join(root, "RELIABILITY.md"), page);
console.log(`wrote RELIABILITY.md from ${source}`);
