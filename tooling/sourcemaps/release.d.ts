/**
 * The release every build, upload and SDK uses: `SENTRY_RELEASE` when set, else the commit
 * (`git rev-parse HEAD` in `cwd`), else undefined (no git and nothing set).
 */
export declare function resolveRelease(options?: {
  env?: Record<string, string | undefined>;
  cwd?: string;
}): string | undefined;

/** Where a build records the release it baked in, for the `sourcemaps` task to upload under. */
export declare const RELEASE_FILE: "release.json";
export declare function writeReleaseFile(dir: string, release: string | undefined): void;
export declare function readReleaseFile(dir: string): string | undefined;
