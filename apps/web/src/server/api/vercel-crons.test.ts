import { readFileSync } from "node:fs";
import { SCHEDULES } from "@po-pro/jobs";
import { describe, expect, it } from "vitest";

const vercel = JSON.parse(
  readFileSync(new URL("../../../vercel.json", import.meta.url), "utf8"),
) as {
  crons: { path: string; schedule: string }[];
};

describe("vercel.json", () => {
  it("declares one cron per worker schedule, at the worker's own times", () => {
    expect(vercel.crons).toEqual(
      Object.entries(SCHEDULES).map(([job, { cron }]) => ({
        path: `/api/cron/${job}`,
        schedule: cron,
      })),
    );
  });
});
