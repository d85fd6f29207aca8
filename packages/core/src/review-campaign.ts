import { contentParts, requiredParts } from "./content-parts.ts";
import type { CampaignVersion, Surface } from "./model.ts";
import { contentLimitProblems } from "./review-limits.ts";
import type { Channel } from "./sending.ts";
import { TemplateSyntaxError, checkVariablePaths, extractVariables } from "./variables.ts";

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

export interface ReviewInput {
  channel: Channel;
  version: CampaignVersion;
  surface: Surface | null;
  now: Date;
}

/** Checks a campaign version and lists every problem that blocks activation, not only the first. */
export function reviewCampaign(input: ReviewInput): ReviewResult {
  const { channel, version } = input;
  const problems: ReviewProblem[] = [];
  const variables = new Set<string>();

  for (const { path, message } of requiredParts(channel, version.content)) {
    problems.push({ path, code: "CONTENT_MISSING", message });
  }
  for (const part of contentParts(channel, version.content)) {
    try {
      const used = extractVariables(part.template);
      used.forEach((variable) => variables.add(variable));
      for (const problem of checkVariablePaths(used)) {
        problems.push({ path: part.path, code: problem.code, message: problem.message });
      }
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) {
        throw error;
      }
      const message = `line ${error.line}, column ${error.column}: ${error.message}`;
      problems.push({ path: part.path, code: "TEMPLATE_SYNTAX", message });
    }
  }

  problems.push(...defaultProblems(version));
  const surfaceProblem = checkSurface(input);
  if (surfaceProblem) {
    problems.push(surfaceProblem);
  }
  const matchingSurface = surfaceProblem ? null : input.surface;
  problems.push(...contentLimitProblems(channel, version.content, matchingSurface));
  problems.push(...windowProblems(version, input.now));
  return { ready: problems.length === 0, problems, variables: [...variables].sort() };
}

function defaultProblems(version: CampaignVersion): ReviewProblem[] {
  return checkVariablePaths(Object.keys(version.defaults)).map((problem) => ({
    path: `defaults.${problem.path}`,
    code: "INVALID_DEFAULT",
    message: `${problem.message} A default only applies to a variable the content can use.`,
  }));
}

function checkSurface({ channel, version, surface }: ReviewInput): ReviewProblem | undefined {
  if (surface === null) {
    return {
      path: "surfaceId",
      code: "SURFACE_NOT_FOUND",
      message: `surface ${version.surfaceId} was not found in this sandbox; create it or name another surface`,
    };
  }
  if (surface.channel !== channel) {
    return {
      path: "surfaceId",
      code: "SURFACE_CHANNEL_MISMATCH",
      message: `surface ${surface.id} is a ${surface.channel} surface, but the campaign is ${channel}; name a ${channel} surface`,
    };
  }
  return undefined;
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
      message: `endAt ${version.endAt} has already passed; set a later end or remove it`,
    });
  }
  return problems;
}
