import { contentParts, requiredParts } from "./content-parts.ts";
import type { CampaignVersion, Surface } from "./model.ts";
import type { Channel } from "./sending.ts";
import { TemplateSyntaxError, extractVariables } from "./variables.ts";

export interface ReviewProblem {
  path: string;
  code: string;
  message: string;
}

export interface ReviewResult {
  ready: boolean;
  problems: ReviewProblem[];
  variables: string[];
}

interface ReviewInput {
  channel: Channel;
  version: CampaignVersion;
  surface: Surface | null;
  now: Date;
}

/** Checks a campaign version and lists every problem that blocks activation, not only the first. */
export function reviewCampaign({ channel, version, surface, now }: ReviewInput): ReviewResult {
  const problems: ReviewProblem[] = [];
  const variables = new Set<string>();

  for (const path of requiredParts(channel, version.content)) {
    problems.push({ path, code: "CONTENT_MISSING", message: `${path} is required for ${channel} campaigns` });
  }

  for (const part of contentParts(channel, version.content)) {
    try {
      for (const variable of extractVariables(part.template)) {
        variables.add(variable);
        problems.push(...variableProblems(part.path, variable));
      }
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) {
        throw error;
      }
      problems.push({
        path: part.path,
        code: "TEMPLATE_SYNTAX",
        message: `line ${error.line}, column ${error.column}: ${error.message}`,
      });
    }
  }

  problems.push(...surfaceProblems(channel, version, surface));
  problems.push(...windowProblems(version, now));
  return { ready: problems.length === 0, problems, variables: [...variables].sort() };
}

function variableProblems(path: string, variable: string): ReviewProblem[] {
  if (variable === "context.system" || variable.startsWith("context.system.")) {
    return [
      {
        path,
        code: "RESERVED_VARIABLE",
        message: `{{${variable}}} is reserved: context.system cannot be used in content`,
      },
    ];
  }
  if (!variable.startsWith("profile.") && !variable.startsWith("context.")) {
    return [
      {
        path,
        code: "UNKNOWN_VARIABLE",
        message: `{{${variable}}} must start with profile. or context.`,
      },
    ];
  }
  return [];
}

function surfaceProblems(channel: Channel, version: CampaignVersion, surface: Surface | null) {
  if (surface === null) {
    return [
      {
        path: "surfaceId",
        code: "SURFACE_NOT_FOUND",
        message: `surface ${version.surfaceId} was not found in this sandbox`,
      },
    ];
  }
  if (surface.channel !== channel) {
    return [
      {
        path: "surfaceId",
        code: "SURFACE_CHANNEL_MISMATCH",
        message: `surface ${surface.id} is a ${surface.channel} surface, but the campaign is ${channel}`,
      },
    ];
  }
  return [];
}

function windowProblems(version: CampaignVersion, now: Date): ReviewProblem[] {
  const problems: ReviewProblem[] = [];
  if (version.startAt && version.endAt && version.startAt >= version.endAt) {
    problems.push({
      path: "startAt",
      code: "INVALID_WINDOW",
      message: `startAt ${version.startAt} must be before endAt ${version.endAt}`,
    });
  }
  if (version.endAt && version.endAt <= now.toISOString()) {
    problems.push({
      path: "endAt",
      code: "WINDOW_PASSED",
      message: `endAt ${version.endAt} has already passed`,
    });
  }
  return problems;
}
