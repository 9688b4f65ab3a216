// `next build` leaves the static chunks outside the standalone server's folder; the server
// serves them from beside itself, as a container image would hold them.
import { cpSync, existsSync, rmSync } from "node:fs";

const target = ".next/standalone/apps/web/.next/static";
rmSync(target, { recursive: true, force: true });
cpSync(".next/static", target, { recursive: true });
if (existsSync("public")) cpSync("public", ".next/standalone/apps/web/public", { recursive: true });
