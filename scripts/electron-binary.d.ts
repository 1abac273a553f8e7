export function findElectronBinary(): { path: string } | { path: null; reason: string };
export function displayProblem(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string | null;
export const NOT_FOR_THE_APP: readonly string[];
export function appEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
