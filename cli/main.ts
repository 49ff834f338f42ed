#!/usr/bin/env bun
/** swoll: syscall tracer and monitor. Invoked as `swoll-trace`, it runs `swoll trace`. */
// first: it reads the descriptors swoll was started with before anything opens its own
import "./trace/inherited-fds";
import { basename } from "node:path";
import { Command, CommanderError } from "commander";
import { traceCommand } from "./commands/trace";
import { selftestCommand } from "./commands/selftest";
import { serveCommand } from "./commands/serve";
import { topCommand } from "./commands/top";
import { completionCommand } from "./commands/completion";
import { controllerCommand } from "./commands/controller";
import { recordCommand } from "./commands/record";
import { replayCommand } from "./commands/replay";
import { seccompCommand } from "./commands/seccomp";
import { UsageError, oneLine } from "./errors";
import { ProbeError } from "../ffi/probe";
import { installCrashHandlers, reportCrash, runCleanups } from "./lifecycle";
import { VERSION } from "./version";
import { groupHelp } from "./commands/help-groups";

export function buildProgram(): Command {
  const program = new Command("swoll")
    .description("Linux syscall tracer and monitor for hosts and Kubernetes nodes")
    .version(VERSION, "-V, --version")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  program.addCommand(traceCommand());
  program.addCommand(selftestCommand());
  program.addCommand(serveCommand());
  program.addCommand(topCommand());
  program.addCommand(recordCommand());
  program.addCommand(replayCommand());
  program.addCommand(seccompCommand());
  program.addCommand(completionCommand());
  program.addCommand(controllerCommand());
  for (const c of program.commands) groupHelp(c.exitOverride().configureOutput({ writeErr: () => {} }).showSuggestionAfterError(true));
  return program;
}

/** argv with `trace` inserted when called through the swoll-trace link. */
export function effectiveArgv(argv: string[], invokedAs: string): string[] {
  return basename(invokedAs) === "swoll-trace" ? [...argv.slice(0, 2), "trace", ...argv.slice(2)] : argv;
}


/**
 * `swoll nosuch --help` would print the root's help and succeed: the
 * unknown command is the error it is without --help.
 */
function withoutHelpForUnknownCommand(program: Command, args: string[]): string[] {
  const rest = args.slice(2);
  if (!rest.some((a) => a === "--help" || a === "-h")) return args;
  const name = rest.find((a) => !a.startsWith("-"));
  if (name === undefined || name === "help" || program.commands.some((c) => c.name() === name || c.aliases().includes(name))) return args;
  // parsed without the help flag, commander says what it says without it (with its "Did you mean …?")
  return [...args.slice(0, 2), ...rest.filter((a) => a !== "--help" && a !== "-h")];
}

/** Whether the command on this argv has --verbose: the crash hint suggests it only there. */
export function commandHasVerbose(program: Command, args: string[]): boolean {
  const name = args.slice(2).find((a) => !a.startsWith("-"));
  return !!program.commands.find((c) => c.name() === name)?.options.some((o) => o.long === "--verbose");
}

export async function main(argv: string[], invokedAs: string): Promise<number> {
  const verbose = argv.includes("--verbose");
  const program = buildProgram();
  // kubectl's plugin completion: `kubectl swoll <TAB>` runs kubectl_complete-swoll
  if (basename(invokedAs) === "kubectl_complete-swoll") {
    process.stdout.write(await (await import("./completion/kubectl")).kubectlComplete(program, argv.slice(2)));
    return 0;
  }
  const args = effectiveArgv(argv, invokedAs);
  const hasVerboseFlag = commandHasVerbose(program, args);
  installCrashHandlers(verbose, hasVerboseFlag);
  try {
    await program.parseAsync(withoutHelpForUnknownCommand(program, args));
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    runCleanups();
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0; // --help, --version
      if (e.code === "commander.help") {
        // bare `swoll`: its usage, as --help prints it
        process.stdout.write(program.helpInformation());
        return 0;
      }
      process.stderr.write(`swoll: ${oneLine(e.message)}; see 'swoll --help'\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      // A Trace's Job (trace --trace-ref … --output payload): its log is JSON lines, the error one of them.
      const line = ` ${args.join(" ")} `;
      if (/\s(-o|--output)[= ]payload\s/.test(line) && /\s--trace-ref[= ]/.test(line)) process.stdout.write(`{"notice":${JSON.stringify({ type: "error", message: oneLine(e.message) })}}\n`);
      else process.stderr.write(`swoll: ${oneLine(e.message)}\n`);
      return e.exitCode;
    }
    if (e instanceof ProbeError) {
      // with --verbose the log follows, so the hint to rerun with it goes
      const line = oneLine(e.message);
      process.stderr.write(`swoll: ${verbose && e.log ? line.replace(/; rerun with --verbose for the verifier log$/, "; the verifier log follows") : line}\n`);
      if (verbose && e.log) process.stderr.write(e.log.endsWith("\n") ? e.log : e.log + "\n");
      return 1;
    }
    return reportCrash(e, verbose, hasVerboseFlag);
  }
}

if (import.meta.main) {
  const code = await main(process.argv, process.argv0 ?? process.argv[1] ?? "swoll");
  process.exit(code);
}
