/**
 * `node tooling/sourcemaps/with-release.mjs -- <command>`: runs the command with SENTRY_RELEASE set
 * to the resolved release (the root scripts that build wrap Turbo in it), so Turbo hashes the
 * commit into the apps' builds — a cached build never carries another commit's release — and both
 * apps bake the same name. Without a command, prints the release.
 *
 * Kept apart from release.mjs, which the apps' build configs import: this one needs the repository's
 * tooling/command, which a pruned (Docker) tree does not have.
 */
import { commandAfterSeparator, runWithEnv } from "../command/run-with-env.mjs";
import { resolveRelease } from "./release.mjs";

const command = commandAfterSeparator(process.argv);
const release = resolveRelease();
if (command.length === 0) console.log(release ?? "");
else runWithEnv(command, release === undefined ? {} : { SENTRY_RELEASE: release });
