/**
 * The process's last line: an exception nothing caught, or a rejection nothing handled, is a bug
 * the guards missed. It is logged with what it was and where the process stood, and the process
 * exits non-zero so systemd (Restart=always) starts a clean one: a process that carries on after
 * an unknown failure may hold a half-done write or a dead device feed.
 */
export const lastLineExitCode = 70;

export function installLastLine(name: string, exit: (code: number) => void = (code) => process.exit(code)): void {
  const fatal = (what: string, error: unknown) => {
    const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    const context = `pid ${process.pid}, up ${Math.round(process.uptime())} s, rss ${Math.round(process.memoryUsage().rss / 1048576)} MiB${typeof code === 'string' ? `, code ${code}` : ''}`;
    process.stderr.write(`${name}: FATAL ${what} (${context}); exiting ${lastLineExitCode} for a restart:\n${detail}\n`);
    exit(lastLineExitCode);
  };
  process.on('uncaughtException', (error, origin) => fatal(origin === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught exception', error));
  process.on('unhandledRejection', (reason) => fatal('unhandled rejection', reason));
}
