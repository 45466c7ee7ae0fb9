// Strict argv parsing shared by the CLIs: --flag value, --flag=value, --bool, and positional words. A flag the
// command does not know is an error, so a typo (--indx) fails loudly instead of silently using a default.
import { stderrLog } from '../log.js';
import { ConfigError } from '../errors.js';

export interface ParsedArgs {
  flags: Map<string, string | true>;
  positional: string[];
}

/** The flags a command accepts: `values` take a value, `booleans` never do. */
export interface FlagSpec {
  values?: readonly string[];
  booleans?: readonly string[];
}

/** Parses argv against `spec`; throws a ConfigError naming the accepted flags for an unknown or valueless one. */
export function parseArgs(argv: string[], spec: FlagSpec = {}): ParsedArgs {
  const values = spec.values ?? [];
  const booleans = spec.booleans ?? [];
  const accepted = () => [...values.map((v) => `--${v} …`), ...booleans.map((b) => `--${b}`)].join(', ') || 'none';
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (booleans.includes(name)) {
      if (eq > 0) throw new ConfigError(`--${name} takes no value`);
      flags.set(name, true);
    } else if (values.includes(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : argv[i + 1];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new ConfigError(`--${name} needs a value`);
      flags.set(name, value);
      if (eq < 0) i++;
    } else {
      throw new ConfigError(`unknown option --${name} (accepted: ${accepted()})`);
    }
  }
  return { flags, positional };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Writes a line to stderr (logs and progress never go to stdout, which carries JSON). */
export const logLine = stderrLog;
