import { describe, expect, it } from "vitest";
import { z } from "zod";
import { combineEnv, EnvError, parseEnv, requireEnv } from "./index.js";

const port = z.object({
  PORT: z.coerce
    .number({ message: "must be a port number" })
    .int("must be a port number")
    .min(1, "must be a port number")
    .max(65535, "must be a port number")
    .default(3000),
  NAME: z.string().optional(),
});
const url = z.object({ DATABASE_URL: z.url({ message: "must be a URL" }) });

describe("parseEnv", () => {
  it("returns the typed values, with blank variables taken as unset", () => {
    expect(parseEnv(port, { PORT: " 8080 ", NAME: "  ", OTHER: "x" })).toEqual({
      ok: true,
      value: { PORT: 8080, NAME: undefined },
    });
    expect(parseEnv(port, {})).toEqual({ ok: true, value: { PORT: 3000, NAME: undefined } });
  });

  it("names the variable of each problem", () => {
    expect(parseEnv(port, { PORT: "http" })).toEqual({
      ok: false,
      problems: [{ variable: "PORT", message: "must be a port number" }],
    });
  });
});

describe("combineEnv and requireEnv", () => {
  it("lists every problem of every package in one error", () => {
    const combined = combineEnv({
      server: parseEnv(port, { PORT: "70000" }),
      db: parseEnv(url, { DATABASE_URL: "not a url" }),
    });
    expect(combined.ok).toBe(false);
    const error = (() => {
      try {
        requireEnv(combined);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).variables).toEqual(["PORT", "DATABASE_URL"]);
    expect((error as EnvError).message).toBe(
      "Invalid configuration (2 problems):\n  PORT: must be a port number\n  DATABASE_URL: must be a URL",
    );
  });

  it("keys the values by package when all parse", () => {
    const value = requireEnv(
      combineEnv({
        server: parseEnv(port, {}),
        db: parseEnv(url, { DATABASE_URL: "postgres://h/db" }),
      }),
    );
    expect(value.server.PORT).toBe(3000);
    expect(value.db.DATABASE_URL).toBe("postgres://h/db");
  });
});
