import { defineConfig } from "drizzle-kit";

// Used only to generate SQL migrations (`pnpm db:generate`); it never connects to a database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./drizzle",
  casing: "snake_case",
});
