// Preloaded (node -r) into a measured program: writes its peak RSS in KiB to descriptor 3
// as it exits. CommonJS so that a plain `node -e 0` beside it stays a CommonJS-only start.
process.on('exit', () => {
  try {
    process.getBuiltinModule('node:fs').writeSync(3, String(process.resourceUsage().maxRSS));
  } catch {
    /* no descriptor 3: not measured */
  }
});
