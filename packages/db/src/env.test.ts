import { describe, expect, it } from "vitest";
import { embeddedDataDir, parseDbEnv } from "./env.js";

describe("parseDbEnv", () => {
  it("fills the embedded server's defaults and leaves DATABASE_URL unset", () => {
    expect(parseDbEnv({})).toEqual({
      ok: true,
      value: {
        DATABASE_URL: undefined,
        PO_PRO_DATA_DIR: ".po-pro/pgdata",
        PO_PRO_DB_HOST: "127.0.0.1",
        PO_PRO_DB_PORT: 54329,
      },
    });
  });

  it("reads every variable", () => {
    const result = parseDbEnv({
      DATABASE_URL: "postgres://app:secret@db:5432/po",
      PO_PRO_DATA_DIR: "/var/lib/po-pro",
      PO_PRO_DB_HOST: "0.0.0.0",
      PO_PRO_DB_PORT: "0",
    });
    expect(result).toEqual({
      ok: true,
      value: {
        DATABASE_URL: "postgres://app:secret@db:5432/po",
        PO_PRO_DATA_DIR: "/var/lib/po-pro",
        PO_PRO_DB_HOST: "0.0.0.0",
        PO_PRO_DB_PORT: 0,
      },
    });
  });

  it("returns every problem, each named by its variable", () => {
    expect(parseDbEnv({ DATABASE_URL: "not a url", PO_PRO_DB_PORT: "65536" })).toEqual({
      ok: false,
      problems: [
        {
          variable: "DATABASE_URL",
          message: "is not a valid URL; expected postgres://user:password@host:5432/database",
        },
        {
          variable: "PO_PRO_DB_PORT",
          message: "must be a port number (0-65535; 0 picks a free one)",
        },
      ],
    });
    expect(parseDbEnv({ PO_PRO_DB_PORT: "54329x" })).toMatchObject({
      ok: false,
      problems: [{ variable: "PO_PRO_DB_PORT" }],
    });
  });
});

describe("embeddedDataDir", () => {
  it("resolves the data directory from where the command was typed, not the package's folder", () => {
    expect(embeddedDataDir({ PO_PRO_DATA_DIR: ".po-pro/pgdata", INIT_CWD: "/repo" })).toBe(
      "/repo/.po-pro/pgdata",
    );
    expect(embeddedDataDir({ PO_PRO_DATA_DIR: "/var/lib/po-pro", INIT_CWD: "/repo" })).toBe(
      "/var/lib/po-pro",
    );
    expect(embeddedDataDir({ PO_PRO_DATA_DIR: "data" })).toBe(`${process.cwd()}/data`);
  });
});
