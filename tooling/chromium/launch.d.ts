export declare const CHROMIUM_FLAGS: readonly string[];
export declare const DESKTOP_USER_AGENT: string;
export declare class ChromiumMissingError extends Error {}
export declare function chromiumExecutable(env?: Record<string, string | undefined>): string;
