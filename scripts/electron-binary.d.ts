export function findElectronBinary(): { path: string } | { path: null; reason: string };
export function displayProblem(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string | null;
