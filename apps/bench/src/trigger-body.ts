import type { TriggerSpec } from "./load-spec.ts";

let next = 0;

/** Builds one AJO unitary execution body whose recipients come from the spec's user pool. */
export function triggerBody(spec: TriggerSpec, requestId: string) {
  const recipients = Array.from({ length: spec.recipients }, () => {
    const user = next % spec.pool;
    next += 1;
    return {
      type: "aep",
      userId: `user-${user}@bench.example.com`,
      namespace: "email",
      profile: { person: { name: { firstName: `User${user}` } } },
      context: { code: String(100000 + (next % 900000)) },
    };
  });
  return { requestId, campaignId: spec.campaignId, recipients };
}
